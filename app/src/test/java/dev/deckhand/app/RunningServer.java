package dev.deckhand.app;

import dev.deckhand.adapter.passwords.Pbkdf2PasswordHashing;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.ports.in.AccountAdministration;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Deckhand on a free loopback port with its own data folder. Each test takes fresh accounts
 * from {@link #newUser()}, added while the server runs as the admin command line does. The payload limit is 1 MiB (collections up to 3 MiB), so size limits are cheap to reach.
 */
final class RunningServer implements BeforeAllCallback, AfterAllCallback {

    static final String PASSWORD = "pw-for-tests";
    /** {@link #PASSWORD} hashed with 1,000 PBKDF2 iterations, so logins in tests cost microseconds. */
    static final Credential CHEAP_HASH = new Credential.PasswordHash(
            "$pbkdf2-sha256$i=1000,l=32$ZGVmZ2hpamtsbW5vcHFycw$rQG/d7x+qc6mX9N4x9HpjguO+6zkJsbLmavZrA/K1nA");
    private static final AtomicInteger USERS = new AtomicInteger();
    private Path dataFolder;
    private Deckhand deckhand;
    private AccountAdministration accounts;
    private SyncTestClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataFolder = Files.createTempDirectory("deckhand-test");
        // Hashing at CHEAP_HASH's cost: a sign-in replaces that SHA-256 hash by SHA-512 of the same cost, not of 210,000.
        deckhand = Deckhand.start(new ServerConfig(dataFolder, "127.0.0.1", 0, 1, Duration.ofSeconds(2), List.of()),
                new Pbkdf2PasswordHashing(1000), true, () -> { });
        accounts = Deckhand.accountsIn(dataFolder);
        client = new SyncTestClient(deckhand.port());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        deckhand.close();
    }

    /** A new account, unique to the caller. */
    String newUser() {
        String name = "user" + USERS.incrementAndGet();
        accounts.add(new UserId(name), CHEAP_HASH);
        return name;
    }

    int port() {
        return deckhand.port();
    }

    SyncTestClient client() {
        return client;
    }

    Path dataFolder() {
        return dataFolder;
    }

    Path collectionOf(String user) {
        return dataFolder.resolve("users").resolve(new UserId(user).storageKey().value()).resolve("collection.anki2");
    }

    String login(String user) {
        String reply = client.call("hostKey", "", "{\"u\":\"" + user + "\",\"p\":\"" + PASSWORD + "\"}").text();
        return reply.replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
    }

    /** A valid schema-18 collection with one card, modified at {@code mod}, as a client would upload it. */
    byte[] collectionFile(long mod) throws IOException, SQLException {
        Path file = Files.createTempDirectory("upload").resolve("collection.anki2");
        new EmptyCollectionFactory(Clock.systemUTC()).create(file);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE col SET mod = " + mod + ", usn = 7");
            statement.execute("INSERT INTO notes VALUES (1, 'guid1', 1, 1, 0, '', 'front\u001fback', 'front', 0, 0, '')");
            statement.execute("INSERT INTO cards VALUES (1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '')");
        }
        return Files.readAllBytes(file);
    }
}
