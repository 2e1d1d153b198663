package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.adapter.passwords.Pbkdf2PasswordHashing;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accounts declared the official server's way, SYNC_USERn, across restarts. */
class EnvironmentUsersTest {

    /** The official server's PBKDF2-SHA256 of "s3cret" (1,000 iterations), and of something else. */
    private static final String OFFICIAL_S3CRET =
            "$pbkdf2-sha256$i=1000,l=32$AAECAwQFBgcICQoLDA0ODw$M6eMN3yntlkPobIVzJcPulFgdvEI7LaK9Y7JXYYCFwE";
    private static final String OFFICIAL_OTHER =
            "$pbkdf2-sha256$i=1000,l=32$ZGVmZ2hpamtsbW5vcHFycw$rQG/d7x+qc6mX9N4x9HpjguO+6zkJsbLmavZrA/K1nA";
    private static final String META = "{\"v\":11,\"cv\":\"x\"}";

    private static Deckhand start(Path data, String password) {
        ServerConfig.EnvironmentUser alice = new ServerConfig.EnvironmentUser(new UserId("alice"), new Credential.PlainPassword(password));
        return Deckhand.start(new ServerConfig(data, "127.0.0.1", 0, 1, Duration.ofSeconds(2), List.of(alice)));
    }

    /** alice with the official server's hash of "s3cret"; hashing at its cost, so the test stays fast. */
    private static Deckhand startHashed(Path data, String phc) {
        ServerConfig.EnvironmentUser alice = new ServerConfig.EnvironmentUser(new UserId("alice"), new Credential.PasswordHash(phc));
        return Deckhand.start(new ServerConfig(data, "127.0.0.1", 0, 1, Duration.ofSeconds(2), List.of(alice)),
                new Pbkdf2PasswordHashing(1000), false, () -> { });
    }

    private static String storedHash(Path data) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + Deckhand.serverDatabase(data));
                Statement query = c.createStatement();
                ResultSet rows = query.executeQuery("SELECT password_hash FROM accounts WHERE name = 'alice'")) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    private static String login(SyncTestClient client, String password) {
        return client.call("hostKey", "", "{\"u\":\"alice\",\"p\":\"" + password + "\"}").text().replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
    }

    @Test
    void declaredUsersCanSignIn_keysSurviveARestart_andAChangedPasswordRevokesThem() throws Exception {
        Path data = Files.createTempDirectory("env-users");
        String key;
        try (Deckhand first = start(data, "first")) {
            SyncTestClient client = new SyncTestClient(first.port());
            key = login(client, "first");
            assertThat(client.call("meta", key, META).status()).isEqualTo(200);
        }

        try (Deckhand same = start(data, "first")) {
            SyncTestClient client = new SyncTestClient(same.port());
            assertThat(client.call("meta", key, META).status()).as("unchanged password keeps keys").isEqualTo(200);
        }

        try (Deckhand changed = start(data, "second")) {
            SyncTestClient client = new SyncTestClient(changed.port());
            assertThat(client.call("meta", key, META).status()).as("old key revoked").isEqualTo(403);
            assertThat(client.call("hostKey", "", "{\"u\":\"alice\",\"p\":\"first\"}").status()).isEqualTo(403);
            assertThat(client.call("meta", login(client, "second"), META).status()).isEqualTo(200);
        }
    }

    @Test
    void aDeclaredHashReplacedAtSignIn_staysInForceAcrossRestarts() throws Exception {
        Path data = Files.createTempDirectory("env-users");
        String key;
        String replaced;
        try (Deckhand first = startHashed(data, OFFICIAL_S3CRET)) {
            SyncTestClient client = new SyncTestClient(first.port());
            assertThat(client.call("hostKey", "", "{\"u\":\"alice\",\"p\":\"wrong\"}").status()).isEqualTo(403);
            assertThat(storedHash(data)).as("a wrong password replaces nothing").isEqualTo(OFFICIAL_S3CRET);
            key = login(client, "s3cret");
            replaced = storedHash(data);
            assertThat(replaced).startsWith("$pbkdf2-sha512$i=1000,");
        }

        try (Deckhand same = startHashed(data, OFFICIAL_S3CRET)) {
            SyncTestClient client = new SyncTestClient(same.port());
            assertThat(storedHash(data)).as("the settings' hash is not written back").isEqualTo(replaced);
            assertThat(client.call("meta", key, META).status()).as("nor are keys revoked").isEqualTo(200);
            assertThat(client.call("meta", login(client, "s3cret"), META).status()).isEqualTo(200);
        }

        try (Deckhand changed = startHashed(data, OFFICIAL_OTHER)) {
            SyncTestClient client = new SyncTestClient(changed.port());
            assertThat(storedHash(data)).isEqualTo(OFFICIAL_OTHER);
            assertThat(client.call("meta", key, META).status()).as("a new declared hash still wins").isEqualTo(403);
            assertThat(client.call("hostKey", "", "{\"u\":\"alice\",\"p\":\"s3cret\"}").status()).isEqualTo(403);
        }
    }
}
