package dev.deckhand.sync.movein;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.movein.DeclaredAccount;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The host key the official server gives every device of a {@code SYNC_USERn=name:secret} user:
 * the lower-case hex SHA-1 of that whole setting (rslib {@code sync/http_server/mod.rs},
 * {@code derive_hkey}). With {@code PASSWORDS_HASHED} the secret is the PHC string, not the password.
 * The key never changes while the setting stays, so devices hold it still.
 */
final class OfficialHostKeys {

    private OfficialHostKeys() {}

    static HostKey of(DeclaredAccount account) {
        String secret = account.credential() instanceof Credential.PasswordHash hash
                ? hash.phc()
                : ((Credential.PlainPassword) account.credential()).password();
        return new HostKey(sha1Hex(account.user().name() + ":" + secret));
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
