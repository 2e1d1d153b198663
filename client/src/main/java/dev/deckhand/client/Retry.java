package dev.deckhand.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Up to {@value #MAX_ATTEMPTS} attempts with exponential backoff (doubling from the first delay, plus
 * up to a quarter of jitter so parallel workers do not retry in step); a server's Retry-After is
 * waited at least, but never longer than {@link #LONGEST_WAIT}.
 */
final class Retry {

    static final int MAX_ATTEMPTS = 4;
    static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    /** IOExceptions (connection reset, timeout, a bad hash after a transfer) and HTTP 429 or 5xx. */
    static final Predicate<IOException> TRANSIENT = e -> !(e instanceof HttpFailure failure) || failure.isTransient();
    /** Only a 429: the rate limiter refused the call before the server did anything. */
    static final Predicate<IOException> RATE_LIMITED = e -> e instanceof HttpFailure failure && failure.status() == 429;

    interface Attempt<T> {
        T run() throws IOException, InterruptedException;
    }

    private final Duration firstDelay;

    Retry(Duration firstDelay) {
        if (firstDelay.isNegative()) {
            throw new IllegalArgumentException("the first delay must not be negative");
        }
        this.firstDelay = firstDelay;
    }

    <T> T run(Attempt<T> attempt, Predicate<IOException> worthRetrying) throws IOException, InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                return attempt.run();
            } catch (IOException e) {
                if (failures >= MAX_ATTEMPTS || !worthRetrying.test(e)) {
                    throw e;
                }
                Thread.sleep(delayAfter(failures, e).toMillis());
            }
        }
    }

    Duration delayAfter(int failures, IOException failure) {
        long backoff = firstDelay.toMillis() << (failures - 1);
        long jitter = backoff < 4 ? 0 : ThreadLocalRandom.current().nextLong(backoff / 4);
        Duration wait = Duration.ofMillis(backoff + jitter);
        if (failure instanceof HttpFailure http && http.retryAfter().isPresent() && http.retryAfter().get().compareTo(wait) > 0) {
            wait = http.retryAfter().get();
        }
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }
}
