package dev.deckhand.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

    private final Retry retry = new Retry(Duration.ofMillis(100));

    @Test
    void delay_doublesWithAQuarterOfJitter() {
        IOException reset = new IOException("connection reset");
        assertThat(retry.delayAfter(1, reset)).isBetween(Duration.ofMillis(100), Duration.ofMillis(125));
        assertThat(retry.delayAfter(2, reset)).isBetween(Duration.ofMillis(200), Duration.ofMillis(250));
        assertThat(retry.delayAfter(3, reset)).isBetween(Duration.ofMillis(400), Duration.ofMillis(500));
    }

    @Test
    void delay_waitsAtLeastRetryAfter_butNeverLongerThanTheLongestWait() {
        assertThat(retry.delayAfter(1, failure(429, "slow down", Optional.of(Duration.ofSeconds(7)))))
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(retry.delayAfter(1, failure(429, "slow down", Optional.of(Duration.ofHours(1)))))
                .isEqualTo(Retry.LONGEST_WAIT);
    }

    @Test
    void run_stopsAfterFourAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        Retry quick = new Retry(Duration.ZERO);

        assertThatThrownBy(() -> quick.run(() -> {
            attempts.incrementAndGet();
            throw failure(503, "down", Optional.empty());
        }, Retry.TRANSIENT)).isInstanceOf(HttpFailure.class);

        assertThat(attempts).hasValue(Retry.MAX_ATTEMPTS);
    }

    @Test
    void run_doesNotRetryAClientError() {
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> new Retry(Duration.ZERO).run(() -> {
            attempts.incrementAndGet();
            throw failure(403, "expired", Optional.empty());
        }, Retry.TRANSIENT)).hasMessageContaining("HTTP 403");

        assertThat(attempts).hasValue(1);
    }

    @Test
    void run_retriesOnlyA429_whenTheCallIsNotSafeToRepeat() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Retry quick = new Retry(Duration.ZERO);

        String answer = quick.run(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw failure(429, "", Optional.of(Duration.ZERO));
            }
            return "done";
        }, Retry.RATE_LIMITED);
        assertThat(answer).isEqualTo("done");
        assertThatThrownBy(() -> quick.run(() -> {
            attempts.incrementAndGet();
            throw failure(500, "", Optional.empty());
        }, Retry.RATE_LIMITED)).isInstanceOf(HttpFailure.class);
        assertThat(attempts).hasValue(3);
    }

    private static HttpFailure failure(int status, String message, Optional<Duration> retryAfter) {
        return new HttpFailure(status, new ErrorBody(message, Optional.empty(), Optional.empty()), retryAfter);
    }
}
