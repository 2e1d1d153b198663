package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * How many requests may run at once: in all, per client address and per account. A request over a
 * limit is answered at once (503 when the server is full, 429 for one client's excess) instead of
 * waiting, so threads stay free for everyone else and for {@code /health}, which never takes a
 * place. Counters of idle keys are removed, so memory stays bounded.
 */
@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
final class Admission {

    private static final int RETRY_AFTER_SECONDS = 5;

    private final RequestLimits limits;
    private final ClientAddresses addresses;
    private final Semaphore total;
    private final Map<String, Integer> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Integer> byAccount = new ConcurrentHashMap<>();

    Admission(RequestLimits limits, ClientAddresses addresses) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.total = new Semaphore(limits.concurrentTotal());
    }

    /** A place taken for a request; closing gives it back. */
    interface Place extends AutoCloseable {
        @Override
        void close();
    }

    /** {@code handler} run only when the server and the client's address have a place for it. */
    Handler guarding(Handler handler) {
        return ctx -> {
            try (Place place = forRequest(ctx)) {
                handler.handle(ctx);
            }
        };
    }

    private Place forRequest(Context ctx) {
        if (!total.tryAcquire()) {
            throw new ServerBusyException(RETRY_AFTER_SECONDS,
                    "the server is handling " + limits.concurrentTotal() + " requests; try again shortly");
        }
        try {
            Place address = take(byAddress, addresses.of(ctx), limits.concurrentPerAddress(), "this address");
            return () -> {
                address.close();
                total.release();
            };
        } catch (RuntimeException e) {
            total.release();
            throw e;
        }
    }

    /** A place for one more request of {@code account}; 429 when it has too many running. */
    Place forAccount(String account) {
        return take(byAccount, account, limits.concurrentPerAccount(), "this account");
    }

    private static Place take(Map<String, Integer> counts, String key, int limit, String whose) {
        int running = counts.merge(key, 1, Integer::sum);
        if (running > limit) {
            release(counts, key);
            throw new TooManyRequestsException(RETRY_AFTER_SECONDS,
                    "too many requests at once from " + whose + " (at most " + limit + "); try again shortly");
        }
        return () -> release(counts, key);
    }

    private static void release(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, running) -> running == 1 ? null : running - 1);
    }
}
