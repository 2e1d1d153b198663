package dev.deckhand.adapter.http;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The last few requests, newest first, for the administrators' dashboard: fed from the request log,
 * kept in memory only, and holding what that log line holds minus the client's address: no bodies,
 * no query strings, no credentials.
 */
final class RecentRequests {

    /** One finished request; {@code user} is "-" before sign-in. */
    record Request(Instant at, String method, String path, int status, long durationMillis, String user) {
        Request {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(user, "user");
        }
    }

    private final int capacity;
    private final Deque<Request> requests;

    RecentRequests(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.requests = new ArrayDeque<>(capacity);
    }

    synchronized void add(Request request) {
        if (requests.size() == capacity) {
            requests.removeLast();
        }
        requests.addFirst(request);
    }

    /** Newest first. */
    synchronized List<Request> list() {
        return List.copyOf(new ArrayList<>(requests));
    }
}
