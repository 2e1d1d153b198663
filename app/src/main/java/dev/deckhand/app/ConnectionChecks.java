package dev.deckhand.app;

import dev.deckhand.adapter.postgres.PostgresDatabase;
import dev.deckhand.adapter.postgres.PostgresSettings;
import dev.deckhand.adapter.s3.S3BlobStore;
import dev.deckhand.adapter.s3.S3ObjectStore;
import dev.deckhand.adapter.s3.S3Settings;
import dev.deckhand.ports.model.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The backend connections a configuration needs, and running them with a deadline each, for
 * {@code deckhand config check}. {@link #of} is the one place that decides what is checked and how:
 * readiness probes, when the server has them, belong there.
 */
final class ConnectionChecks {

    /** The result of one check: empty {@code problem} when the connection works. */
    record Result(String what, Optional<String> problem) {}

    /** The SHA-256 of no bytes: a key no store is harmed by being asked about. */
    private static final Sha256 EMPTY_CONTENT = new Sha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    private ConnectionChecks() {}

    /** Every backend {@code config} names: the data folder, S3 for media, PostgreSQL and S3 for shared decks, LDAP or Cognito. */
    static List<ConnectionCheck> of(ServerConfig config) {
        List<ConnectionCheck> checks = new ArrayList<>();
        Path dataFolder = config.dataFolder().toAbsolutePath().normalize();
        checks.add(new ConnectionCheck("data folder " + dataFolder, () -> writable(dataFolder)));
        config.s3().ifPresent(s3 -> checks.add(new ConnectionCheck("S3 media store " + where(s3), () -> {
            try (S3BlobStore store = new S3BlobStore(s3)) {
                store.exists(EMPTY_CONTENT);
            }
        })));
        config.sharedMedia().ifPresent(shared -> {
            PostgresSettings postgres = shared.postgres();
            checks.add(new ConnectionCheck("PostgreSQL " + postgres.jdbcUrl(), () -> PostgresDatabase.open(postgres).close()));
            checks.add(new ConnectionCheck("S3 shared-media bucket " + where(shared.objects()), () -> {
                try (S3ObjectStore objects = new S3ObjectStore(shared.objects())) {
                    objects.size("deckhand-config-check");
                }
            }));
        });
        if (config.signIn() instanceof SignInBackend.Ldap ldap) {
            ldap.settings().servers().forEach(server -> checks.add(new ConnectionCheck("LDAP server " + server,
                    () -> reachable(server, server.getScheme().equals("ldaps") ? 636 : 389, ldap.settings().connectTimeout()))));
        } else if (config.signIn() instanceof SignInBackend.Cognito cognito) {
            URI endpoint = cognito.settings().endpoint()
                    .orElse(URI.create("https://cognito-idp." + cognito.settings().region() + ".amazonaws.com"));
            checks.add(new ConnectionCheck("Cognito endpoint " + endpoint,
                    () -> reachable(endpoint, endpoint.getScheme().equals("https") ? 443 : 80, cognito.settings().timeout())));
        }
        return checks;
    }

    /** Runs every check, each given {@code deadline}; a check that has not answered by then failed. */
    static List<Result> run(List<ConnectionCheck> checks, Duration deadline) {
        ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "deckhand-config-check");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = checks.stream().<Future<?>>map(check -> threads.submit(check.attempt())).toList();
            List<Result> results = new ArrayList<>();
            long end = System.nanoTime() + deadline.toNanos();
            for (int i = 0; i < checks.size(); i++) {
                results.add(new Result(checks.get(i).what(), problem(running.get(i), end, deadline)));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    private static Optional<String> problem(Future<?> attempt, long endNanos, Duration deadline) {
        try {
            attempt.get(Math.max(0, endNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("no answer within " + deadline.toSeconds() + " s");
        } catch (ExecutionException e) {
            return Optional.of(reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** The failure and its causes on one line; adapters name the endpoint, never a secret. */
    private static String reason(Throwable failure) {
        StringBuilder line = new StringBuilder(String.valueOf(failure.getMessage()));
        for (Throwable cause = failure.getCause(); cause != null && cause != failure; cause = cause.getCause()) {
            if (cause.getMessage() != null && !line.toString().contains(cause.getMessage())) {
                line.append(": ").append(cause.getMessage());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return line.toString().replaceAll("\\s+", " ");
    }

    /** The folder, or for one the server will create, the nearest existing folder above it, takes a new file. */
    private static void writable(Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new IllegalStateException((existing == null ? folder : existing) + " is not a folder");
        }
        try {
            Files.delete(Files.createTempFile(existing, ".deckhand-config-check-", ""));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write in " + existing + ": " + e.getMessage(), e);
        }
        Path database = Deckhand.serverDatabase(folder);
        if (Files.exists(database) && !(Files.isReadable(database) && Files.isWritable(database))) {
            throw new IllegalStateException("cannot read and write " + database);
        }
    }

    private static void reachable(URI server, int defaultPort, Duration timeout) {
        int port = server.getPort() > 0 ? server.getPort() : defaultPort;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.getHost(), port), (int) timeout.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + server.getHost() + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static String where(S3Settings s3) {
        return s3.bucket() + s3.endpoint().map(endpoint -> " at " + endpoint).orElse("");
    }
}
