package dev.deckhand.app;

import dev.deckhand.ports.out.TokenGenerator;
import java.security.SecureRandom;
import java.util.Base64;

/** 256-bit tokens from the operating system's CSPRNG, Base64url without padding (43 characters). */
final class SecureRandomTokens implements TokenGenerator {

    private final SecureRandom random = new SecureRandom();

    @Override
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
