package dev.deckhand.adapter.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets by key (a user, an address): each holds up to {@code burst} requests and refills at
 * {@code perSecond}. When more than {@code maxKeys} keys are tracked the idle full ones are dropped,
 * so memory stays bounded whatever the number of clients.
 */
final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final int maxKeys;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long updatedNanos) {
            this.tokens = tokens;
            this.updatedNanos = updatedNanos;
        }
    }

    RateLimiter(double perSecond, int burst, int maxKeys, LongSupplier nanos) {
        if (perSecond <= 0 || burst < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("rate, burst and key count must be positive");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxKeys = maxKeys;
        this.nanos = nanos;
    }

    /** Takes one token; returns 0 if allowed, else how many seconds until the next token (at least 1). */
    long acquire(String key) {
        Bucket bucket = bucket(key);
        synchronized (bucket) {
            long wait = secondsUntilToken(bucket);
            if (wait == 0) {
                bucket.tokens -= 1;
            }
            return wait;
        }
    }

    /** Like {@link #acquire} but takes nothing: 0 if {@code key} has a token now, else seconds until it has one. */
    long peek(String key) {
        Bucket bucket = bucket(key);
        synchronized (bucket) {
            return secondsUntilToken(bucket);
        }
    }

    /** Takes one token from {@code key} if it has one; never waits and never goes below empty. */
    void spend(String key) {
        Bucket bucket = bucket(key);
        synchronized (bucket) {
            if (secondsUntilToken(bucket) == 0) {
                bucket.tokens -= 1;
            }
        }
    }

    private Bucket bucket(String key) {
        long now = nanos.getAsLong();
        if (buckets.size() > maxKeys) {
            buckets.entrySet().removeIf(entry -> refilled(entry.getValue(), now) >= burst);
        }
        return buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    }

    /** Refills the bucket to now; 0 if it holds a token, else whole seconds (at least 1) until it will. Hold its lock. */
    private long secondsUntilToken(Bucket bucket) {
        long now = nanos.getAsLong();
        bucket.tokens = refilled(bucket, now);
        bucket.updatedNanos = now;
        if (bucket.tokens >= 1) {
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
    }

    private double refilled(Bucket bucket, long now) {
        return Math.min(burst, bucket.tokens + (now - bucket.updatedNanos) / 1e9 * perSecond);
    }
}
