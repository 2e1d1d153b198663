package dev.deckhand.adapter.http;

/**
 * How many API requests a signed-in user, and a client address, may make: a sustained rate per
 * second and a burst. Beyond them the API answers 429 with {@code Retry-After}.
 */
public record ApiRateLimits(double perUserPerSecond, int perUserBurst, double perAddressPerSecond, int perAddressBurst) {

    public ApiRateLimits {
        if (perUserPerSecond <= 0 || perUserBurst < 1 || perAddressPerSecond <= 0 || perAddressBurst < 1) {
            throw new IllegalArgumentException("rate limits must be positive");
        }
    }

    /** 20 requests a second per user with bursts of 200; 50 a second per address with bursts of 500. */
    public static ApiRateLimits defaults() {
        return new ApiRateLimits(20, 200, 50, 500);
    }
}
