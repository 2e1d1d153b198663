package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.adapter.http.ClusterSecret;
import dev.deckhand.adapter.http.HttpClusterClient;
import dev.deckhand.adapter.passwords.Pbkdf2PasswordHashing;
import dev.deckhand.adapter.postgres.PostgresDatabase;
import dev.deckhand.adapter.postgres.PostgresPlacements;
import dev.deckhand.adapter.postgres.PostgresSettings;
import dev.deckhand.adapter.s3.S3Settings;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.nodes.Placements;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes of a cluster in one JVM, on a real PostgreSQL (embedded binaries) and S3Proxy: sign-in
 * on either, the 308 to the node holding a collection, full sync refused elsewhere, and a move
 * between the nodes that keeps the collection exactly as it was.
 */
class ClusterNodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "a cluster secret of more than thirty-two characters";
    private static final String META = "{\"v\":11,\"cv\":\"anki,26.9.3\"}";
    private static final AtomicInteger USERS = new AtomicInteger();

    private static Path work;
    private static EmbeddedPostgres postgres;
    private static S3ProxyProcess s3;
    private static final List<Deckhand> NODES = new ArrayList<>();
    private static final List<SyncTestClient> CLIENTS = new ArrayList<>();
    private static final List<URI> URLS = new ArrayList<>();
    private static ServerConfig first;
    private static PostgresDatabase database;
    private static Placements placements;

    @BeforeAll
    static void startTwoNodes() throws IOException, InterruptedException {
        work = Files.createTempDirectory("deckhand-cluster");
        postgres = EmbeddedPostgres.builder().start();
        s3 = S3ProxyProcess.start(work);
        try (var client = s3.client()) {
            client.createBucket(b -> b.bucket("sync-media"));
        }
        database = PostgresDatabase.open(new PostgresSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 2),
                BuildInfo.current().stamp());
        placements = new PostgresPlacements(database);
        for (String id : List.of("node-1", "node-2")) {
            int port = freePort();
            URI url = URI.create("http://127.0.0.1:" + port + "/");
            ServerConfig config = config(id, port, url);
            first = first == null ? config : first;
            // A cheap hash, as RunningServer uses: sign-ins here test placement, not PBKDF2.
            NODES.add(Deckhand.start(config, new Pbkdf2PasswordHashing(1000), true, () -> { }));
            CLIENTS.add(new SyncTestClient(port));
            URLS.add(url);
        }
    }

    private static ServerConfig config(String id, int port, URI url) throws IOException {
        Path data = Files.createTempDirectory(work, id);
        S3Settings media = new S3Settings(Optional.of(s3.endpoint()), "us-east-1", "sync-media", "", true,
                Optional.of(S3ProxyProcess.ACCESS_KEY), Optional.of(S3ProxyProcess.SECRET_KEY));
        return new ServerConfig(data, "127.0.0.1", port, 1, Duration.ofSeconds(2), List.of(), Optional.of(media),
                new SignInBackend.BuiltIn(), Optional.empty(), Optional.empty(), NetworkConfig.plain(),
                StorageConfig.defaults(), Optional.empty(), MetricsConfig.defaults(),
                Optional.of(new PostgresSettings(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 5)),
                Optional.of(new NodeConfig(new NodeId(id), url, new ClusterSecret(SECRET))));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws IOException {
        NODES.forEach(Deckhand::close);
        database.close();
        s3.close();
        postgres.close();
    }

    /** A new account, added once: every node reads the same accounts. */
    private static String newUser() {
        String name = "member" + USERS.incrementAndGet();
        Deckhand.accountsOf(first).add(new UserId(name), RunningServer.CHEAP_HASH);
        return name;
    }

    private static String login(SyncTestClient node, String user) {
        String reply = node.call("hostKey", "", "{\"u\":\"" + user + "\",\"p\":\"" + RunningServer.PASSWORD + "\"}").text();
        return reply.replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
    }

    /** A new user placed on node {@code index}, as a first sync there would when that node is the emptiest. */
    private static String userOn(int index) {
        String user = newUser();
        placements.placeIfAbsent(new UserId(user), new NodeId("node-" + (index + 1)));
        return user;
    }

    @Test
    void aNewUser_isPlacedOnTheNodeWithFewerUsers_whicheverNodeTheySyncThrough() {
        List<Integer> before = List.of(placements.usersOn(new NodeId("node-1")).size(), placements.usersOn(new NodeId("node-2")).size());
        int emptier = before.get(0) <= before.get(1) ? 0 : 1;
        String user = newUser();
        String key = login(CLIENTS.get(1 - emptier), user);

        SyncTestClient.Reply meta = CLIENTS.get(1 - emptier).call("meta", key, META);

        if (before.get(0).equals(before.get(1))) {
            assertThat(meta.status()).as("a tie goes to the node asked").isEqualTo(200);
        } else {
            assertThat(meta.status()).isEqualTo(308);
            assertThat(meta.location()).contains(URLS.get(emptier).toString());
        }
    }

    @Test
    void aKeyIssuedByOneNodeWorksOnEvery_andMetaElsewhereSendsTheClientToTheCollectionsNode() throws IOException {
        String user = userOn(0);
        String key = login(CLIENTS.get(1), user);

        SyncTestClient.Reply elsewhere = CLIENTS.get(1).call("meta", key, META);
        SyncTestClient.Reply here = CLIENTS.get(0).call("meta", key, META);

        assertThat(elsewhere.status()).isEqualTo(308);
        assertThat(elsewhere.location()).contains(URLS.get(0).toString());
        assertThat(here.status()).isEqualTo(200);
        assertThat(JSON.readTree(here.text()).get("cont").asBoolean()).isTrue();
        assertThat(CLIENTS.get(1).call("download", key, "{}").status()).as("a full sync on the wrong node").isEqualTo(409);
        assertThat(CLIENTS.get(1).call("start", key, "{\"minUsn\":0,\"lnewer\":false}").status()).isEqualTo(409);
    }

    @Test
    void aMovedCollection_isTheSameCollectionOnTheOtherNode_andItsOldNodeRedirects() throws IOException {
        String user = userOn(1);
        String key = login(CLIENTS.get(1), user);
        JsonNode before = JSON.readTree(CLIENTS.get(1).call("meta", key, META).text());

        long bytes = new HttpClusterClient(new ClusterSecret(SECRET)).requestMove(URLS.get(1), new UserId(user), new NodeId("node-1"));

        assertThat(bytes).isPositive();
        assertThat(CLIENTS.get(1).call("meta", key, META).status()).isEqualTo(308);
        JsonNode after = JSON.readTree(CLIENTS.get(0).call("meta", key, META).text());
        for (String field : List.of("mod", "scm", "usn", "empty")) {
            assertThat(after.get(field)).as(field).isEqualTo(before.get(field));
        }
    }

    @Test
    void whileACollectionMoves_everyNodeAnswersItsSyncs503WithWhenToTryAgain() {
        String user = userOn(0);
        String key = login(CLIENTS.get(0), user);
        placements.beginMove(new UserId(user), new NodeId("node-1"));
        try {
            for (SyncTestClient node : CLIENTS) {
                SyncTestClient.Reply meta = node.call("meta", key, META);
                assertThat(meta.status()).isEqualTo(503);
                assertThat(meta.errorText()).contains("being moved");
            }
            assertThat(CLIENTS.get(0).call("download", key, "{}").status()).isEqualTo(503);
        } finally {
            placements.cancelMove(new UserId(user), new NodeId("node-1"));
        }
        assertThat(CLIENTS.get(0).call("meta", key, META).status()).isEqualTo(200);
    }

    @Test
    void movesThatCannotHappen_areRefusedWithTheReason_andTheClusterRoutesNeedTheSecret() throws Exception {
        String user = userOn(0);
        HttpClusterClient cluster = new HttpClusterClient(new ClusterSecret(SECRET));

        assertThatThrownBy(() -> cluster.requestMove(URLS.get(1), new UserId(user), new NodeId("node-1")))
                .isInstanceOf(StorageException.class).hasMessageContaining("409").hasMessageContaining("does not live on node-2");
        assertThatThrownBy(() -> cluster.requestMove(URLS.get(0), new UserId(user), new NodeId("node-9")))
                .isInstanceOf(StorageException.class).hasMessageContaining("not a live node");
        HttpClusterClient stranger = new HttpClusterClient(new ClusterSecret("x".repeat(40)));
        assertThatThrownBy(() -> stranger.requestMove(URLS.get(0), new UserId(user), new NodeId("node-2")))
                .isInstanceOf(StorageException.class).hasMessageContaining("401");
        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URLS.get(0).resolve("cluster/v1/collection?user=" + user))
                .PUT(HttpRequest.BodyPublishers.ofString("not a collection")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(CLIENTS.get(0).call("meta", login(CLIENTS.get(0), user), META).status()).as("still on node-1").isEqualTo(200);
    }
}
