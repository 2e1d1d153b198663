package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.LoginOutcome;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Sign-in for every route that takes a password ({@code /sync/hostKey}, {@code /api/v1/login}),
 * within {@link SignInLimits}: the limits are checked before the password is looked at, and a wrong
 * password counts against the address and the account.
 */
final class SignInThrottle {

    /** Distinct addresses and account names remembered; beyond this the forgiven ones are dropped. */
    private static final int TRACKED_KEYS = 100_000;

    private final HostKeyLogin login;
    private final RateLimiter byAddress;
    private final RateLimiter byAccount;
    private final HttpMetrics metrics;

    SignInThrottle(HostKeyLogin login, SignInLimits limits, LongSupplier nanos, HttpMetrics metrics) {
        this.login = Objects.requireNonNull(login, "login");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(limits, "limits");
        double windowSeconds = limits.window().toMillis() / 1000.0;
        this.byAddress = new RateLimiter(limits.failuresPerAddress() / windowSeconds, limits.failuresPerAddress(),
                TRACKED_KEYS, nanos);
        this.byAccount = new RateLimiter(limits.failuresPerAccount() / windowSeconds, limits.failuresPerAccount(),
                TRACKED_KEYS, nanos);
    }

    /**
     * Signs {@code username} in from {@code address}; throws {@link TooManyRequestsException} instead,
     * without looking at the password, when the address or the account has used up its wrong ones.
     */
    LoginOutcome signIn(String address, String username, String password) {
        try {
            check(address, username);
        } catch (TooManyRequestsException e) {
            metrics.signInThrottled();
            throw e;
        }
        LoginOutcome outcome = login.login(username, password);
        metrics.signIn(outcome);
        if (outcome instanceof LoginOutcome.LoginRefused) {
            refused(address, username);
        }
        return outcome;
    }

    private void check(String address, String account) {
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

    private void refused(String address, String account) {
        byAddress.spend(address);
        byAccount.spend(accountKey(account));
    }

    /** Directories compare names without case, so a guesser must not get a fresh budget per spelling. */
    private static String accountKey(String account) {
        return account.trim().toLowerCase(Locale.ROOT);
    }
}
