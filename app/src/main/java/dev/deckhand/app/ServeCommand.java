package dev.deckhand.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** Starts the server and keeps it running until the process is stopped. */
@Command(name = "serve", description = "Run the sync server (the default).")
final class ServeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        Deckhand deckhand = Deckhand.start(ServerConfig.load());
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
