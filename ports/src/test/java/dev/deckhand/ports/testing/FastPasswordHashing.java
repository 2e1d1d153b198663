package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.PasswordHashing;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For tests only: one salted SHA-256, far too fast for real passwords, so account stores can be
 * tested without seconds of PBKDF2. Writes {@code $fast-sha256$<salt>$<hash>}; also checks
 * {@code $fast-sha256-old$<salt>$<hash>} ({@link #oldForm}), which stands for a form moved in from
 * elsewhere: it {@linkplain #wantsRehash wants a rehash}, so stores can test replacing it.
 */
public final class FastPasswordHashing implements PasswordHashing {

    private static final String CURRENT = "fast-sha256";
    private static final String OLD = "fast-sha256-old";
    private static final Pattern FORM = Pattern.compile("\\$(fast-sha256|fast-sha256-old)\\$([A-Za-z0-9+/]{11})\\$([A-Za-z0-9+/]{43})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private final SecureRandom random = new SecureRandom();

    @Override
    public String hash(String password) {
        return form(CURRENT, password);
    }

    /** A hash of the password in the old form, as an account moved in from another server might have it. */
    public String oldForm(String password) {
        return form(OLD, password);
    }

    @Override
    public boolean verify(UserId user, String password, String stored) {
        Matcher m = FORM.matcher(stored);
        if (!m.matches()) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(m.group(2));
        return MessageDigest.isEqual(digest(salt, password), Base64.getDecoder().decode(m.group(3)));
    }

    @Override
    public boolean wantsRehash(String stored) {
        Matcher m = FORM.matcher(stored);
        return m.matches() && m.group(1).equals(OLD);
    }

    @Override
    public boolean accepts(String stored) {
        return FORM.matcher(stored).matches();
    }

    /** Nothing to compile ahead: one SHA-256 is fast from the first call. */
    @Override
    public void warmUp() {
        // see the comment above
    }

    private String form(String name, String password) {
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        return "$" + name + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(digest(salt, password));
    }

    private static byte[] digest(byte[] salt, String password) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return sha256.digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
