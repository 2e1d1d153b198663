package com.example.flashcards;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar flashcards.jar --data <folder> --accounts <file> [--host 127.0.0.1] [--port 8080]}, where the
 * accounts file has one {@code name:password} per line (a stand-in for the team's real user database).
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
                case "--accounts" -> accounts.putAll(readAccounts(Path.of(value)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (data == null || accounts.isEmpty()) {
            throw new IllegalArgumentException("--data <folder> and --accounts <file> are required");
        }
        FlashcardsServer server = FlashcardsServer.start(data, host, port, accounts);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static Map<String, String> readAccounts(Path file) throws IOException {
        Map<String, String> accounts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException(file + ": each line is name:password");
            }
            accounts.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return accounts;
    }
}
