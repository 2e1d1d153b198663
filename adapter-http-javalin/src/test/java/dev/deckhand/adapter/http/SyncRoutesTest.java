package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.in.CollectionSync;
import dev.deckhand.ports.in.HostKeyLogin;
import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.in.MediaSync;
import dev.deckhand.ports.in.NormalSync;
import dev.deckhand.ports.model.HostKey;
import dev.deckhand.ports.model.UserId;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync routes on a Javalin that a host service configures and runs itself. */
class SyncRoutesTest {

    private static final String HEADER = "{\"v\":11,\"k\":\"\",\"c\":\"test\",\"s\":\"\"}";

    /** Knows alice, whose device gets the key "k-alice". */
    private static final HostKeyLogin LOGIN = new HostKeyLogin() {
        @Override
        public LoginOutcome login(String username, String password) {
            return "alice".equals(username) && "alice-pw".equals(password)
                    ? new LoginOutcome.LoggedIn(new UserId("alice"), new HostKey("k-alice"))
                    : new LoginOutcome.LoginRefused();
        }

        @Override
        public Optional<UserId> userFor(HostKey key) {
            return Optional.empty();
        }
    };

    /** The host's own failure, which its own handler answers. */
    private static final class TeamException extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    @TempDir
    Path temp;
    private Javalin host;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void startTheHostsServer() {
        SyncRoutes routes = SyncRoutes.builder(LOGIN, unused(CollectionSync.class), unused(NormalSync.class), unused(MediaSync.class))
                .tempFolder(temp)
                .build();
        host = Javalin.create(config -> {
            config.showJavalinBanner = false;
            routes.mount(config);
            config.router.mount(router -> {
                router.get("/team/hello", ctx -> ctx.result("hello from the team"));
                router.get("/team/fails", ctx -> {
                    throw new TeamException();
                });
                router.exception(TeamException.class, (e, ctx) -> ctx.status(418).result("the team's own answer"));
            });
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        host.stop();
    }

    @Test
    void aClientSignsInThroughTheMountedRoutes() throws Exception {
        HttpResponse<byte[]> response = post("/sync/hostKey", "{\"u\":\"alice\",\"p\":\"alice-pw\"}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new String(ZstdBodies.readAll(new ByteArrayInputStream(response.body()), 1 << 20), StandardCharsets.UTF_8))
                .isEqualTo("{\"key\":\"k-alice\"}");
    }

    @Test
    void deckhandsStatusCodes_applyToTheSyncRoutes() throws Exception {
        assertThat(post("/sync/hostKey", "{\"u\":\"alice\",\"p\":\"wrong\"}").statusCode()).isEqualTo(403);
        assertThat(post("/sync/noSuchMethod", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void theHostsOwnRoutesAndErrorHandlers_keepWorking() throws Exception {
        HttpResponse<String> hello = client.send(HttpRequest.newBuilder(uri("/team/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> fails = client.send(HttpRequest.newBuilder(uri("/team/fails")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(hello.body()).isEqualTo("hello from the team");
        assertThat(fails.statusCode()).isEqualTo(418);
        assertThat(fails.body()).isEqualTo("the team's own answer");
    }

    private HttpResponse<byte[]> post(String path, String json) throws IOException, InterruptedException {
        byte[] body = ZstdBodies.compress(json.getBytes(StandardCharsets.UTF_8), 3);
        return client.send(HttpRequest.newBuilder(uri(path)).header(AnkiSyncHeader.NAME, HEADER)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + host.port() + path);
    }

    /** A driving port these tests never reach; any call fails the test. */
    private static <T> T unused(Class<T> port) {
        return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            throw new AssertionError("unexpected call " + method.getName());
        }));
    }
}
