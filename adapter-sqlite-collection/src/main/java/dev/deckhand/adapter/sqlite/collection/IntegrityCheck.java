package dev.deckhand.adapter.sqlite.collection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SQLite's {@code integrity_check} of a whole file, shared by several threads when the machine has
 * the cores. It is then split into what that one pragma checks: {@code quick_check} of the whole
 * file (every b-tree's pages, the free list, no page used twice, NOT NULL and CHECK constraints),
 * and {@code integrity_check(table)} of every table (its b-tree again, and each row against its
 * indexes). Each thread reads through a connection of its own (the calling thread through the
 * caller's); the first problem stops the rest.
 *
 * <p>Split, the check costs about a quarter more CPU (the b-trees are walked twice) and, on an
 * otherwise idle machine with two cores, takes about two thirds of the time: a full upload's
 * client waits for it. So it is split only where that pays: for files of {@link #SPLIT_FROM_BYTES}
 * or more, and for one check at a time in the process; others run the single pragma meanwhile,
 * rather than take the extra quarter from the other users' requests.
 */
final class IntegrityCheck {

    private static final int MAX_PROBLEMS = 5;
    private static final int MAX_THREADS = 4;
    /** Anki's largest tables, checked first so that the threads finish at about the same time. */
    private static final List<String> LARGEST_TABLES = List.of("revlog", "cards", "notes");

    /**
     * Below this a file is checked in milliseconds on one thread (5 ms for 1 MiB, JMH), and a second
     * thread with a connection of its own costs more than it saves.
     */
    static final long SPLIT_FROM_BYTES = 8L << 20;
    private static final String WHOLE_CHECK = "PRAGMA integrity_check(" + MAX_PROBLEMS + ")";
    private static final Semaphore ONE_SPLIT_IN_THIS_PROCESS = new Semaphore(1);
    private static final IntegrityCheck FOR_THIS_MACHINE =
            new IntegrityCheck(Runtime.getRuntime().availableProcessors(), SPLIT_FROM_BYTES, ONE_SPLIT_IN_THIS_PROCESS);

    private final int threads;
    private final long splitFromBytes;
    private final Semaphore splits;

    /**
     * @param threads how many threads may share one check: 1 runs the single pragma
     * @param splitFromBytes smaller files run the single pragma
     * @param splits a permit per split check that may run at once; without one, the single pragma runs
     */
    IntegrityCheck(int threads, long splitFromBytes, Semaphore splits) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        this.threads = Math.min(threads, MAX_THREADS);
        this.splitFromBytes = splitFromBytes;
        this.splits = splits;
    }

    static IntegrityCheck forThisMachine() {
        return FOR_THIS_MACHINE;
    }

    /**
     * Up to five of the file's problems in SQLite's words, or empty if it is intact.
     *
     * @param connection the caller's open connection to {@code file}, which the calling thread
     *     checks through; helper threads open their own
     * @param tables the names of every table in the file's schema
     * @throws SQLException if SQLite cannot read the file
     */
    Optional<String> problemWith(Path file, Connection connection, List<String> tables) throws SQLException {
        if (threads == 1 || sizeOf(file) < splitFromBytes || !splits.tryAcquire()) {
            Run whole = new Run(List.of(WHOLE_CHECK));
            whole.checkUntilDone(connection);
            return whole.firstProblem();
        }
        try {
            return split(file, connection, tables);
        } finally {
            splits.release();
        }
    }

    private Optional<String> split(Path file, Connection connection, List<String> tables) throws SQLException {
        Run run = new Run(splitPragmas(tables));
        int helpers = Math.min(threads, run.pragmas.size()) - 1;
        if (helpers == 0) {
            run.checkUntilDone(connection);
            return run.firstProblem();
        }
        ExecutorService executor = Executors.newFixedThreadPool(helpers, runnable -> {
            Thread thread = new Thread(runnable, "collection-check");
            thread.setDaemon(true);
            return thread;
        });
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < helpers; i++) {
            running.add(executor.submit(() -> {
                try (Connection own = CollectionCheck.open(file)) {
                    run.checkUntilDone(own);
                }
                return null;
            }));
        }
        executor.shutdown();
        Exception failure = null;
        try {
            run.checkUntilDone(connection);
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
        // Every helper is awaited, even after a failure, so that no thread reads the file once this returns.
        for (Future<?> helper : running) {
            try {
                await(helper);
            } catch (SQLException | RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure instanceof SQLException sql) {
            throw sql;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        return run.firstProblem();
    }

    /** One file's check: the pragmas still to run, and the first problem any of them found. */
    private static final class Run {
        private final Queue<String> pragmas;
        private final AtomicReference<String> firstProblem = new AtomicReference<>();
        private volatile boolean stopped;

        Run(List<String> pragmas) {
            this.pragmas = new ConcurrentLinkedQueue<>(pragmas);
        }

        /** Runs pragmas from the queue through {@code connection} until none is left or one finds a problem. */
        void checkUntilDone(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                String pragma;
                while (!stopped && (pragma = pragmas.poll()) != null) {
                    Optional<String> problem = problemFrom(statement, pragma);
                    if (problem.isPresent()) {
                        firstProblem.compareAndSet(null, problem.get());
                        stop();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                stop();
                throw e;
            }
        }

        void stop() {
            stopped = true;
        }

        Optional<String> firstProblem() {
            return Optional.ofNullable(firstProblem.get());
        }
    }

    private static List<String> splitPragmas(List<String> tables) {
        List<String> pragmas = new ArrayList<>();
        pragmas.add("PRAGMA quick_check(" + MAX_PROBLEMS + ")");
        LARGEST_TABLES.stream().filter(tables::contains).forEach(table -> pragmas.add(tableCheck(table)));
        tables.stream().filter(table -> !LARGEST_TABLES.contains(table)).forEach(table -> pragmas.add(tableCheck(table)));
        return pragmas;
    }

    /**
     * The check of one table. The name comes from an uploaded file's schema, so it is a quoted
     * string literal; a name that reads as a number makes SQLite check the whole file instead,
     * which checks more, not less.
     */
    private static String tableCheck(String table) {
        return "PRAGMA integrity_check('" + table.replace("'", "''") + "')";
    }

    private static Optional<String> problemFrom(Statement statement, String pragma) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(pragma)) {
            while (lines.size() < MAX_PROBLEMS && rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines.equals(List.of("ok")) ? Optional.empty() : Optional.of(String.join("; ", lines));
    }

    private static long sizeOf(Path file) throws SQLException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new SQLException("cannot read the size of the file to check", e);
        }
    }

    private static void await(Future<?> future) throws SQLException {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while checking the file", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("the integrity check failed unexpectedly", e.getCause());
        }
    }
}
