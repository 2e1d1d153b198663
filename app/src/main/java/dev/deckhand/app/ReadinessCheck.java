package dev.deckhand.app;

import dev.deckhand.adapter.cognito.CognitoAuthenticator;
import dev.deckhand.adapter.filesystem.WritableFolderProbe;
import dev.deckhand.adapter.ldap.LdapAuthenticator;
import dev.deckhand.adapter.postgres.PostgresProbe;
import dev.deckhand.adapter.s3.S3BlobStore;
import dev.deckhand.adapter.s3.S3ObjectStore;
import dev.deckhand.adapter.sqlite.ServerDatabaseProbe;
import dev.deckhand.ports.in.ProbeResult;
import dev.deckhand.ports.in.Readiness;
import dev.deckhand.ports.in.ReadinessReport;
import dev.deckhand.ports.out.BackendProbe;
import dev.deckhand.ports.out.StorageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks every configured backend whether it answers, all at once, and waits for them no longer than a
 * deadline. A probe that is still running from an earlier check (a silent backend) is not started
 * again, so a silent backend holds at most one thread, and the request that asked is never held past
 * the deadline. An answer is reused for a moment, so a flood of readiness requests reaches each
 * backend about once a second. A backend's change between answering and not is logged once.
 *
 * <p>{@code GET /ready} serves it; {@link #forConfig} builds the same checks from the settings alone,
 * without a running server, for the command line.
 */
public final class ReadinessCheck implements Readiness, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadinessCheck.class);

    /** Every probe's answer is awaited at most this long: well under the 2 s a monitor allows. */
    static final Duration DEADLINE = Duration.ofMillis(1500);

    /** The checks of what the server keeps in its data folder (the database, blobs on local disk). */
    private static final String BLOBS_ON_DISK = "blobs";
    static final Set<String> IN_DATA_FOLDER = Set.of(ServerDatabaseProbe.NAME, BLOBS_ON_DISK);

    /** An answer is reused this long before the backends are asked again. */
    static final Duration REUSE = Duration.ofSeconds(1);

    private final List<BackendProbe> probes;
    private final Duration deadline;
    private final Duration reuse;
    private final LongSupplier nanoTime;
    private final List<AutoCloseable> owned;
    private final ExecutorService executor;
    private final Map<String, Future<Duration>> running = new HashMap<>();
    private final Map<String, Boolean> lastOk = new HashMap<>();
    /** The server logs a backend that stops or starts answering; the command line prints every problem itself. */
    private final boolean logsChanges;
    private ReadinessReport last;
    private long lastAt;

    /**
     * @param probes the backends to ask, in the order the answer lists them
     * @param owned resources the probes use, closed with this check
     */
    ReadinessCheck(List<BackendProbe> probes, Duration deadline, Duration reuse, LongSupplier nanoTime, List<AutoCloseable> owned) {
        this(probes, deadline, reuse, nanoTime, owned, true);
    }

    private ReadinessCheck(List<BackendProbe> probes, Duration deadline, Duration reuse, LongSupplier nanoTime,
            List<AutoCloseable> owned, boolean logsChanges) {
        this.logsChanges = logsChanges;
        this.probes = List.copyOf(probes);
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.reuse = Objects.requireNonNull(reuse, "reuse");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.owned = List.copyOf(owned);
        this.executor = Executors.newFixedThreadPool(Math.max(1, this.probes.size()), runnable -> {
            Thread thread = new Thread(runnable, "deckhand-readiness");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The checks for what {@code config} needs: the server database, the blob store (local folder or
     * S3 bucket), PostgreSQL and the shared-media bucket when shared media is on, and the LDAP
     * directory or Cognito when it is the sign-in backend. Nothing is connected until {@link #check()};
     * close it to release the S3 and Cognito clients it made.
     */
    public static ReadinessCheck forConfig(ServerConfig config) {
        return forConfig(config, DEADLINE, true);
    }

    /**
     * {@link #forConfig(ServerConfig)} for {@code config check}: slow backends may take {@code deadline},
     * and nothing is logged, since the command prints every problem itself.
     */
    static ReadinessCheck forCommandLine(ServerConfig config, Duration deadline) {
        return forConfig(config, deadline, false);
    }

    private static ReadinessCheck forConfig(ServerConfig config, Duration deadline, boolean logsChanges) {
        List<BackendProbe> probes = new ArrayList<>();
        List<AutoCloseable> owned = new ArrayList<>();
        probes.add(new ServerDatabaseProbe(Deckhand.serverDatabase(config.dataFolder())));
        if (config.s3().isPresent()) {
            S3BlobStore blobs = new S3BlobStore(config.s3().get());
            owned.add(blobs);
            probes.add(blobs);
        } else {
            probes.add(new WritableFolderProbe(BLOBS_ON_DISK, Deckhand.blobFolder(config.dataFolder())));
        }
        config.serverDatabase().ifPresent(postgres -> probes.add(new PostgresProbe(postgres)));
        config.sharedMedia().filter(shared -> !config.serverDatabase().equals(Optional.of(shared.postgres()))).ifPresent(shared ->
                probes.add(new PostgresProbe(shared.postgres())));
        config.sharedMedia().ifPresent(shared -> {
            S3ObjectStore objects = new S3ObjectStore(shared.objects());
            owned.add(objects);
            probes.add(objects);
        });
        if (config.signIn() instanceof SignInBackend.Ldap ldap) {
            probes.add(new LdapAuthenticator(ldap.settings()));
        } else if (config.signIn() instanceof SignInBackend.Cognito cognito) {
            CognitoAuthenticator authenticator = new CognitoAuthenticator(cognito.settings());
            owned.add(authenticator);
            probes.add(authenticator);
        }
        return new ReadinessCheck(probes, deadline, REUSE, System::nanoTime, owned, logsChanges);
    }

    @Override
    public synchronized ReadinessReport check() {
        long now = nanoTime.getAsLong();
        if (last != null && now - lastAt < reuse.toNanos()) {
            return last;
        }
        for (BackendProbe probe : probes) {
            Future<Duration> previous = running.get(probe.name());
            if (previous == null || previous.isDone()) {
                running.put(probe.name(), executor.submit(() -> timed(probe)));
            }
        }
        long until = now + deadline.toNanos();
        List<ProbeResult> results = new ArrayList<>();
        for (BackendProbe probe : probes) {
            results.add(answer(probe.name(), running.get(probe.name()), now, until));
        }
        last = new ReadinessReport(results);
        // Reused from when it was complete, not from when it was asked: requests that waited for
        // this one while a silent backend held it get this answer instead of asking again in turn.
        lastAt = nanoTime.getAsLong();
        if (logsChanges) {
            results.forEach(this::logChange);
        }
        return last;
    }

    private Duration timed(BackendProbe probe) {
        long started = nanoTime.getAsLong();
        probe.check(deadline);
        return Duration.ofNanos(nanoTime.getAsLong() - started);
    }

    private ProbeResult answer(String name, Future<Duration> future, long started, long until) {
        try {
            return new ProbeResult(name, future.get(Math.max(0, until - nanoTime.getAsLong()), TimeUnit.NANOSECONDS),
                    Optional.empty());
        } catch (TimeoutException e) {
            return failed(name, started, "no answer within " + deadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            return failed(name, started, problem(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(name, started, "interrupted");
        }
    }

    private ProbeResult failed(String name, long started, String problem) {
        return new ProbeResult(name, Duration.ofNanos(nanoTime.getAsLong() - started), Optional.of(problem));
    }

    /** Our probes' exceptions say what failed without secrets; anything else is named by its type only. */
    private static String problem(Throwable failure) {
        return failure instanceof StorageException && failure.getMessage() != null
                ? failure.getMessage()
                : "the check failed (" + failure.getClass().getSimpleName() + ")";
    }

    private void logChange(ProbeResult result) {
        Boolean before = lastOk.put(result.name(), result.ok());
        if (result.ok() && Boolean.FALSE.equals(before)) {
            LOG.info("readiness: {} answers again", result.name());
        } else if (!result.ok() && !Boolean.FALSE.equals(before)) {
            LOG.warn("readiness: {} is not ready: {}", result.name(), result.problem().orElseThrow());
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        for (AutoCloseable resource : owned) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
