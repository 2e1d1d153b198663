package dev.deckhand.app.warmup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.deckhand.adapter.passwords.Pbkdf2PasswordHashing;
import dev.deckhand.app.Deckhand;
import dev.deckhand.app.ServerConfig;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.PasswordHashing;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Compiles the hot paths before the first user arrives. A throw-away server (its own data folder
 * in the system's temp folder, loopback, a port of its own) is started and driven over HTTP by a
 * synthetic client: for each of a few accounts sign-in, a new collection, full upload and download,
 * then normal syncs and media syncs of the accounts in turn until the budget is spent. The JVM's
 * compiled code outlives that server; its folder is deleted and its garbage collected. The real
 * data folder and accounts are never opened.
 */
public final class WarmUp {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private static final String USER = "warm-up-";
    /**
     * Each new account's first sync creates its empty collection, then uploads and downloads a whole
     * one: code that runs once per account, so one account left it to the first users to compile
     * (creating a collection took 13, 10, ... ms for the next ones, 4-5 ms from about the tenth on).
     * On small machines {@code bin/deckhand} has C1 compile a method after about ten calls, so that
     * code needs more than ten accounts to be compiled before the first users arrive.
     */
    private static final int ACCOUNTS = 12;
    private static final int UPLOADED_NOTES = 200;
    private static final int CHEAP_ITERATIONS = 1_000;

    private WarmUp() {}

    /** What a warm-up did; {@code completed}: every call answered as expected. */
    public record Report(int rounds, Duration took, boolean completed) {}

    /**
     * Starts the throw-away server with {@code servers}, makes the full syncs, then runs rounds until
     * {@code budget} is spent (at least one), logs one line and returns. A failure is logged and
     * swallowed: a server that did not warm up still serves.
     */
    public static Report run(Duration budget, Clock clock, Function<ServerConfig, Deckhand> servers) {
        long started = System.nanoTime();
        int rounds = 0;
        Path folder = null;
        Thread cleanUp = null;
        Level level = quiet();
        try {
            folder = Files.createTempDirectory("deckhand-warm-up");
            // A server stopped during its warm-up (SIGTERM) leaves nothing behind either.
            Path created = folder;
            cleanUp = new Thread(() -> deleteQuietly(created), "deckhand-warm-up-clean-up");
            Runtime.getRuntime().addShutdownHook(cleanUp);
            // Random, though the server only listens on loopback for a few seconds and holds nothing.
            String password = HexFormat.of().formatHex(randomBytes());
            Path data = Files.createDirectory(folder.resolve("data"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            List<String> users = IntStream.range(0, ACCOUNTS).mapToObj(i -> USER + i).toList();
            try (Deckhand scratch = servers.apply(scratchConfig(data, users, password))) {
                SyntheticCollection collection = SyntheticCollection.build(folder, UPLOADED_NOTES, clock);
                WireClient client = new WireClient(scratch.port());
                List<Rehearsal> rehearsals = users.stream().map(user -> Rehearsal.begin(client, collection, user, password)).toList();
                long deadline = System.nanoTime() + budget.toNanos();
                do {
                    rehearsals.get(rounds % rehearsals.size()).round();
                    rounds++;
                } while (System.nanoTime() < deadline);
            }
            collectTheWarmUpsGarbage();
            Report report = new Report(rounds, Duration.ofNanos(System.nanoTime() - started), true);
            loud(level);
            LOG.info("warm-up: {} synthetic sync rounds in {} ms (DECKHAND_WARMUP=off skips it)", rounds,
                    report.took().toMillis());
            return report;
        } catch (IOException | RuntimeException e) {
            loud(level);
            LOG.warn("warm-up failed after {} rounds, serving anyway: {}", rounds, causes(e));
            return new Report(rounds, Duration.ofNanos(System.nanoTime() - started), false);
        } finally {
            loud(level);
            deleteQuietly(folder);
            removeHook(cleanUp);
        }
    }

    /** The throw-away server's settings: loopback, a free port, {@code users} sharing a cheap hash of {@code password}. */
    static ServerConfig scratchConfig(Path data, List<String> users, String password) {
        Credential hash = new Credential.PasswordHash(cheapHashing().hash(password));
        return new ServerConfig(data, "127.0.0.1", 0, 100, Duration.ofSeconds(10),
                users.stream().map(user -> new ServerConfig.EnvironmentUser(new UserId(user), hash)).toList());
    }

    /**
     * The hashing of the throw-away server and its account: PBKDF2 of few iterations, as a strong hash
     * would be computed in the interpreter, taking seconds. Content with its own cost, it replaces the
     * account's hash at no sign-in. The server's own start-up hashes at full strength.
     */
    public static PasswordHashing cheapHashing() {
        return new Pbkdf2PasswordHashing(CHEAP_ITERATIONS);
    }

    /**
     * A full collection while nobody waits. The warm-up leaves the old generation nearly full of its
     * throw-away server's objects; without this the first users' sessions fill it, and the serial
     * collector that {@code bin/deckhand} picks on small machines stops every request for a full
     * collection in the middle of their syncs (40 ms in the benchmark's first pass). After this one the
     * old generation holds only what is live, with room to grow.
     */
    private static void collectTheWarmUpsGarbage() {
        System.gc();
    }

    private static void removeHook(Thread hook) {
        try {
            if (hook != null) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        } catch (IllegalStateException e) {
            // The JVM is already shutting down, and the hook is running or has run.
        }
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** Silences the throw-away server's start-up and request lines; returns the level to restore. */
    private static Level quiet() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        root.setLevel(Level.WARN);
        return level;
    }

    private static void loud(Level level) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(level);
    }

    /** The message of a failure and of each of its causes, on one line. */
    private static String causes(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.toString());
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            text.append("; caused by ").append(cause);
        }
        return text.toString();
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete the warm-up folder {}: {}", folder, e.toString());
        }
    }
}
