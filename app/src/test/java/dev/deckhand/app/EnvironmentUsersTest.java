package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accounts declared the official server's way, SYNC_USERn, across restarts. */
class EnvironmentUsersTest {

    private static final String META = "{\"v\":11,\"cv\":\"x\"}";

    private static Deckhand start(Path data, String password) {
        ServerConfig.EnvironmentUser alice = new ServerConfig.EnvironmentUser(new UserId("alice"), new Credential.PlainPassword(password));
        return Deckhand.start(new ServerConfig(data, "127.0.0.1", 0, 1, Duration.ofSeconds(2), List.of(alice)));
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
}
