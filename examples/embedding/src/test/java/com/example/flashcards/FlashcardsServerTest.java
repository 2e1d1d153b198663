package com.example.flashcards;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service answers its own routes and Anki's sign-in on one port. (tests/test_embedding_example.py syncs real clients.) */
class FlashcardsServerTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void theTeamsRouteAndAnkisSignIn_shareOnePort(@TempDir Path data) throws Exception {
        try (FlashcardsServer server = FlashcardsServer.start(data, "127.0.0.1", 0, Map.of("alice", "alice-pw"))) {
            URI base = URI.create("http://127.0.0.1:" + server.port());

            HttpResponse<String> health = client.send(HttpRequest.newBuilder(base.resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.body()).isEqualTo("ok");

            HttpResponse<byte[]> signedIn = hostKey(base, "alice", "alice-pw");
            assertThat(signedIn.statusCode()).isEqualTo(200);
            String json = new String(Zstd.decompress(signedIn.body(),
                    Integer.parseInt(signedIn.headers().firstValue("anki-original-size").orElseThrow())), StandardCharsets.UTF_8);
            assertThat(json).matches("\\{\"key\":\"[A-Za-z0-9_-]{43}\"\\}");

            assertThat(hostKey(base, "alice", "wrong").statusCode()).isEqualTo(403);
        }
    }

    private HttpResponse<byte[]> hostKey(URI base, String user, String password) throws IOException, InterruptedException {
        byte[] body = Zstd.compress(("{\"u\":\"" + user + "\",\"p\":\"" + password + "\"}").getBytes(StandardCharsets.UTF_8));
        return client.send(HttpRequest.newBuilder(base.resolve("/sync/hostKey"))
                        .header("anki-sync", "{\"v\":11,\"k\":\"\",\"c\":\"example\",\"s\":\"\"}")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
