package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final RateLimiter limiter = new RateLimiter(2, 3, 10, nanos::get);

    @Test
    void allowsABurstThenRefillsAtTheRate() {
        assertThat(limiter.acquire("alice")).isZero();
        assertThat(limiter.acquire("alice")).isZero();
        assertThat(limiter.acquire("alice")).isZero();
        assertThat(limiter.acquire("alice")).as("seconds to wait").isEqualTo(1);

        nanos.addAndGet(500_000_000L); // half a second at 2 per second: one token
        assertThat(limiter.acquire("alice")).isZero();
        assertThat(limiter.acquire("alice")).isEqualTo(1);
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("alice");
        }
        assertThat(limiter.acquire("alice")).isPositive();
        assertThat(limiter.acquire("bob")).isZero();
    }

    @Test
    void forgetsIdleKeysBeyondTheBoundButKeepsBusyOnes() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire("busy");
        }
        for (int i = 0; i < 20; i++) {
            limiter.acquire("client-" + i);
        }
        assertThat(limiter.acquire("busy")).as("an exhausted bucket is not dropped").isPositive();
    }
}
