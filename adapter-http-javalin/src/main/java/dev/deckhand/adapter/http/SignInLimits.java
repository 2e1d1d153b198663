package dev.deckhand.adapter.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How many wrong passwords are tolerated before sign-in answers 429: per client address and per
 * account name, each refilling at that many per {@code window}. Only refusals count, so people who
 * type their password right are never slowed down; and the check comes before the (deliberately
 * slow) password hash, so a guesser spends the server's CPU only within these limits.
 *
 * @param failuresPerAddress wrong passwords one address may send in a window
 * @param failuresPerAccount wrong passwords one account name may receive in a window, from anywhere
 * @param window how long it takes to forget that many failures
 */
public record SignInLimits(int failuresPerAddress, int failuresPerAccount, Duration window) {

    public SignInLimits {
        Objects.requireNonNull(window, "window");
        if (failuresPerAddress < 1 || failuresPerAccount < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("sign-in limits and their window must be positive");
        }
    }

    /** 10 wrong passwords per address and 30 per account, forgotten over 15 minutes. */
    public static SignInLimits defaults() {
        return new SignInLimits(10, 30, Duration.ofMinutes(15));
    }
}
