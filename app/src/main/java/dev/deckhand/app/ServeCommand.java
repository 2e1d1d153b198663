package dev.deckhand.app;

import dev.deckhand.adapter.passwords.Pbkdf2PasswordHashing;
import dev.deckhand.app.warmup.WarmUp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** Starts the server and keeps it running until the process is stopped. */
@Command(name = "serve", description = "Run the sync server (the default).")
final class ServeCommand implements Callable<Integer> {

    /** How long the warm-up's normal and media syncs run, after its throw-away server's start and full syncs. */
    static final Duration WARM_UP_BUDGET = Duration.ofSeconds(2);

    @Override
    public Integer call() {
        Map<String, String> settings = SettingsSource.load(System.getenv());
        ServerConfig config = ServerConfig.fromEnv(settings);
        Runnable warmUp = warmUpEnabled(new EnvironmentVariables(settings))
                ? () -> warmUp(config) : () -> { };
        Deckhand deckhand = Deckhand.start(config, new Pbkdf2PasswordHashing(), true, warmUp);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            deckhand.close();
            stopped.countDown();
        }, "deckhand-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** {@code DECKHAND_WARMUP}, on unless set to off. */
    static boolean warmUpEnabled(EnvironmentVariables settings) {
        return settings.flag("DECKHAND_WARMUP", true);
    }

    /** Skipped when the port cannot be had: start-up then fails at once, in one line, as without a warm-up. */
    private static void warmUp(ServerConfig config) {
        if (canListen(config.host(), config.port())) {
            WarmUp.run(WARM_UP_BUDGET, Clock.systemUTC(), ServeCommand::scratchServer);
        }
    }

    /**
     * The warm-up's throw-away server: its account's hash is cheap, and its hashing content with that
     * cost, so no sign-in replaces it at full strength; the real server hashes at full strength.
     */
    static Deckhand scratchServer(ServerConfig config) {
        return Deckhand.start(config, WarmUp.cheapHashing(), false, () -> { });
    }

    private static boolean canListen(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
