package com.example.flashcards;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar flashcards.jar --data <folder> [--host 127.0.0.1] [--port 8080] --user name:password ...}
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Path data = null;
        String host = "127.0.0.1";
        int port = 8080;
        Map<String, String> accounts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--data" -> data = Path.of(value);
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--user" -> {
                    int colon = value.indexOf(':');
                    if (colon < 1) {
                        throw new IllegalArgumentException("--user takes name:password");
                    }
                    accounts.put(value.substring(0, colon), value.substring(colon + 1));
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("--data <folder> is required");
        }
        FlashcardsServer server = FlashcardsServer.start(data, host, port, accounts);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
