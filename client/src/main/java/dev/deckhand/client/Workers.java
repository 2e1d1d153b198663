package dev.deckhand.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** A bounded pool of daemon threads for one upload or download; tasks report their own failures. */
final class Workers implements AutoCloseable {

    private final ExecutorService pool;

    Workers(int threads) {
        AtomicInteger count = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, "deckhand-client-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    <T, R> List<Future<R>> submit(List<T> items, Function<T, R> task) {
        List<Future<R>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(pool.submit(() -> task.apply(item)));
        }
        return futures;
    }

    /** Runs the task for every item, at most as many at once as there are threads; results in item order. */
    <T, R> List<R> map(List<T> items, Function<T, R> task) {
        return await(submit(items, task));
    }

    static <R> List<R> await(List<Future<R>> futures) {
        List<R> results = new ArrayList<>(futures.size());
        try {
            for (Future<R> future : futures) {
                results.add(future.get());
            }
        } catch (InterruptedException e) {
            futures.forEach(future -> future.cancel(true));
            throw cancelled(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("a transfer task failed", e.getCause());
        }
        return results;
    }

    /** Keeps the thread's interrupt and ends the operation with an unchecked exception. */
    static CancellationException cancelled(InterruptedException e) {
        Thread.currentThread().interrupt();
        CancellationException cancelled = new CancellationException("interrupted");
        cancelled.initCause(e);
        return cancelled;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
