package dev.deckhand.adapter.http;

import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Enforces {@link SignInLimits} for every sign-in route ({@code /sync/hostKey}, {@code /api/v1/login}):
 * {@link #check} before the password is looked at, {@link #refused} after a wrong one.
 */
final class SignInThrottle {

    /** Distinct addresses and account names remembered; beyond this the forgiven ones are dropped. */
    private static final int TRACKED_KEYS = 100_000;

    private final RateLimiter byAddress;
    private final RateLimiter byAccount;

    SignInThrottle(SignInLimits limits, LongSupplier nanos) {
        Objects.requireNonNull(limits, "limits");
        double windowSeconds = limits.window().toMillis() / 1000.0;
        this.byAddress = new RateLimiter(limits.failuresPerAddress() / windowSeconds, limits.failuresPerAddress(),
                TRACKED_KEYS, nanos);
        this.byAccount = new RateLimiter(limits.failuresPerAccount() / windowSeconds, limits.failuresPerAccount(),
                TRACKED_KEYS, nanos);
    }

    /** Throws {@link TooManyRequestsException} when the address or the account has used up its wrong passwords. */
    void check(String address, String account) {
        long addressWait = byAddress.peek(address);
        if (addressWait > 0) {
            throw new TooManyRequestsException(addressWait,
                    "too many wrong passwords from this address; try again in " + addressWait + " s");
        }
        long accountWait = byAccount.peek(accountKey(account));
        if (accountWait > 0) {
            throw new TooManyRequestsException(accountWait,
                    "too many wrong passwords for this account; try again in " + accountWait + " s");
        }
    }

    /** Counts a wrong password against the address and the account. */
    void refused(String address, String account) {
        byAddress.spend(address);
        byAccount.spend(accountKey(account));
    }

    /** Directories compare names without case, so a guesser must not get a fresh budget per spelling. */
    private static String accountKey(String account) {
        return account.trim().toLowerCase(Locale.ROOT);
    }
}
