package dev.deckhand.app;

import dev.deckhand.app.warmup.WarmUp;
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
        boolean warmUp = new EnvironmentVariables(settings).flag("DECKHAND_WARMUP", true);
        if (warmUp) {
            WarmUp.run(WARM_UP_BUDGET, Clock.systemUTC());
        }
        Deckhand deckhand = Deckhand.start(config, warmUp);
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
}
