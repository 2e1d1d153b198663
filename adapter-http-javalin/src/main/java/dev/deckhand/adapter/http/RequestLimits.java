package dev.deckhand.adapter.http;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may take from the server, so that no account or address can starve the others:
 * how slowly and how long it may send or receive, and how many requests and connections it may
 * hold at once. {@code /health} takes none of these and always answers.
 *
 * @param minDataRateBytesPerSecond a body sent or received more slowly than this on average is cut off (a
 *     request body after its first 5 s)
 * @param maxBodyTime the longest a request body may take to arrive
 * @param headerTimeout the longest the request line and headers may take to arrive
 * @param idleTimeout how long a request in progress may carry nothing at all
 * @param keepAliveTimeout how long a connection may wait for its next request; longer than clients
 *     keep idle connections pooled, so that the client, not the server, closes them
 * @param concurrentPerAccount requests one signed-in account may have running at once
 * @param concurrentPerAddress requests one client address may have running at once
 * @param concurrentTotal requests that may run at once in all; beyond this the server answers 503
 * @param connectionsPerAddress open connections one client address may hold (trusted proxies excepted)
 */
public record RequestLimits(long minDataRateBytesPerSecond, Duration maxBodyTime, Duration headerTimeout,
        Duration idleTimeout, Duration keepAliveTimeout, int concurrentPerAccount, int concurrentPerAddress, int concurrentTotal,
        int connectionsPerAddress) {

    public RequestLimits {
        Objects.requireNonNull(maxBodyTime, "maxBodyTime");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(keepAliveTimeout, "keepAliveTimeout");
        if (minDataRateBytesPerSecond < 0 || !positive(maxBodyTime) || !positive(headerTimeout) || !positive(idleTimeout)
                || !positive(keepAliveTimeout) || concurrentPerAccount < 1 || concurrentPerAddress < 1 || concurrentTotal < 1 || connectionsPerAddress < 1) {
            throw new IllegalArgumentException("request limits must be positive");
        }
    }

    /**
     * 1 KiB/s at least; two hours per body (a 300 MiB collection at 43 KB/s, a third of a slow
     * 1 Mbit/s phone uplink, still arrives); 20 s for headers; 60 s of silence within a request
     * (longer than Anki's own 30 s stall timeout); 120 s between requests (the official client
     * pools idle connections for 90 s); 8 requests per account (a few devices, each with a collection and a
     * media sync), 32 per address (households and schools share one), 200 in all; 256 connections
     * per address (idle keep-alive connections cost a socket, not a thread).
     */
    public static RequestLimits defaults() {
        return new RequestLimits(1024, Duration.ofHours(2), Duration.ofSeconds(20), Duration.ofSeconds(60),
                Duration.ofSeconds(120), 8, 32, 200, 256);
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
