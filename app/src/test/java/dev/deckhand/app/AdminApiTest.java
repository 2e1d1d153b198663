package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.adapter.ldap.LdapSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The administrators' API on a real server: who gets in (only the token from {@code deckhand admin
 * token}, never a sync account's password or host key), how wrong tokens are slowed down, and the
 * actions sign out, add and remove.
 */
class AdminApiTest {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();
    /** A server of its own, because running out of wrong tokens locks out 127.0.0.1 for a while. */
    @RegisterExtension
    static final RunningServer GUESSED_AT = new RunningServer();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String token;

    @BeforeAll
    static void issueToken() {
        token = new AdminTokenFile(SERVER.dataFolder()).issue();
    }

    private static HttpResponse<String> send(RunningServer server, String path, Optional<String> bearer, Optional<String> body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10));
        bearer.ifPresent(secret -> request.header("Authorization", "Bearer " + secret));
        body.ifPresentOrElse(json -> request.POST(HttpRequest.BodyPublishers.ofString(json)), request::GET);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> overview(RunningServer server, String bearer) throws Exception {
        return send(server, "/admin/api/overview", Optional.of(bearer), Optional.empty());
    }

    private static HttpResponse<String> action(String path, String json) throws Exception {
        return send(SERVER, "/admin/api/" + path, Optional.of(token), Optional.of(json));
    }

    @Test
    void withoutATokenFile_theDashboardIsOff() throws Exception {
        assertThat(send(GUESSED_AT, "/admin", Optional.empty(), Optional.empty()).statusCode()).isEqualTo(404);
        assertThat(send(GUESSED_AT, "/admin/assets/admin.js", Optional.empty(), Optional.empty()).statusCode()).isEqualTo(404);
        assertThat(overview(GUESSED_AT, "anything").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyTheAdministratorTokenOpensTheApi() throws Exception {
        String user = SERVER.newUser();
        String hostKey = SERVER.login(user);

        HttpResponse<String> none = send(SERVER, "/admin/api/overview", Optional.empty(), Optional.empty());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(overview(SERVER, RunningServer.PASSWORD).statusCode()).isEqualTo(401);
        assertThat(overview(SERVER, hostKey).statusCode()).isEqualTo(401);
        assertThat(overview(SERVER, token.substring(1)).statusCode()).isEqualTo(401);

        HttpResponse<String> right = overview(SERVER, token);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = JSON.readTree(right.body());
        JsonNode row = find(body, user);
        assertThat(row.get("devices").asInt()).isEqualTo(1);
        assertThat(body.get("built_in_accounts").asBoolean()).isTrue();
        assertThat(body.get("backups").isNull()).isTrue();
        assertThat(body.get("totals").get("users").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(body.get("recent_requests").findValuesAsText("path")).contains("/sync/hostKey")
                .noneMatch(path -> path.startsWith("/admin"));
    }

    @Test
    void wrongTokens_areRateLimitedPerAddress_beforeTheTokenIsLookedAt() throws Exception {
        String right = new AdminTokenFile(GUESSED_AT.dataFolder()).issue();
        int refused = 0;
        HttpResponse<String> reply = overview(GUESSED_AT, "guess");
        for (int i = 0; i < 50 && reply.statusCode() == 401; i++) {
            refused++;
            reply = overview(GUESSED_AT, "guess" + i);
        }

        assertThat(refused).isEqualTo(10); // the default sign-in limit per address
        assertThat(reply.statusCode()).isEqualTo(429);
        assertThat(reply.headers().firstValue("Retry-After")).isPresent();
        assertThat(overview(GUESSED_AT, right).statusCode()).isEqualTo(429);
    }

    @Test
    void signOut_revokesEveryDeviceOfTheUser() throws Exception {
        String user = SERVER.newUser();
        String first = SERVER.login(user);
        SERVER.login(user);

        HttpResponse<String> reply = action("sign-out", "{\"user\":\"" + user + "\"}");

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).get("signed_out_devices").asInt()).isEqualTo(2);
        assertThat(SERVER.client().call("meta", first, "{\"v\":11,\"cv\":\"anki,2.1.66,linux\"}").status()).isEqualTo(403);
        assertThat(find(JSON.readTree(overview(SERVER, token).body()), user).get("devices").asInt()).isZero();
    }

    @Test
    void addAndRemove_changeBuiltInAccounts_andSayWhenThereIsNothingToChange() throws Exception {
        String user = "added-from-dashboard";

        assertThat(action("users/add", "{\"user\":\"" + user + "\",\"password\":\"" + RunningServer.PASSWORD + "\"}")
                .statusCode()).isEqualTo(200);
        assertThat(SERVER.login(user)).isNotBlank();
        assertThat(action("users/add", "{\"user\":\"" + user + "\",\"password\":\"other\"}").statusCode()).isEqualTo(409);
        assertThat(action("users/remove", "{\"user\":\"" + user + "\"}").statusCode()).isEqualTo(200);
        assertThat(action("users/remove", "{\"user\":\"" + user + "\"}").statusCode()).isEqualTo(404);
        assertThat(action("users/add", "{\"user\":\"\",\"password\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(action("users/add", "{\"user\":\"someone\"}").statusCode()).isEqualTo(400);
        assertThat(action("sign-out", "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void withAnotherSignInBackend_usersAreNotAddedOrRemovedHere_andBackupsAreListedWithTheirAge() throws Exception {
        Path data = Files.createTempDirectory("deckhand-admin-ldap");
        Path backups = Files.createTempDirectory("deckhand-admin-backups");
        Path manifest = Files.createDirectories(backups.resolve("backup-2026-12-01T00-00-00Z")).resolve("manifest.json");
        Files.writeString(manifest, "{}");
        Instant completed = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        Files.setLastModifiedTime(manifest, FileTime.from(completed));
        SignInBackend ldap = new SignInBackend.Ldap(LdapSettings.of(List.of(URI.create("ldap://127.0.0.1:9")), "dc=example,dc=org"),
                Duration.ZERO);
        ServerConfig config = new ServerConfig(data, "127.0.0.1", 0, 1, Duration.ofSeconds(2), List.of(), Optional.empty(), ldap,
                Optional.empty(), Optional.empty(), NetworkConfig.plain(), StorageConfig.defaults(),
                Optional.of(new BackupSchedule(backups, Duration.ofDays(1), 7)), MetricsConfig.defaults());
        try (Deckhand deckhand = Deckhand.start(config)) {
            String secret = new AdminTokenFile(data).issue();
            String base = "http://127.0.0.1:" + deckhand.port() + "/admin/api/";
            HttpRequest.Builder add = HttpRequest.newBuilder(URI.create(base + "users/add"))
                    .header("Authorization", "Bearer " + secret)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"x\",\"password\":\"y\"}"));
            HttpRequest overview = HttpRequest.newBuilder(URI.create(base + "overview")).header("Authorization", "Bearer " + secret).build();

            assertThat(HTTP.send(add.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
            JsonNode body = JSON.readTree(HTTP.send(overview, HttpResponse.BodyHandlers.ofString()).body());
            assertThat(body.get("built_in_accounts").asBoolean()).isFalse();
            JsonNode backup = body.get("backups").get(0);
            assertThat(backup.get("name").asText()).isEqualTo("backup-2026-12-01T00-00-00Z");
            assertThat(Instant.parse(backup.get("completed_at").asText())).isEqualTo(completed);
            assertThat(backup.get("age_seconds").asLong()).isBetween(3 * 3600L - 5, 3 * 3600L + 60);
        }
    }

    private static JsonNode find(JsonNode overview, String user) {
        for (JsonNode row : overview.get("users")) {
            if (row.get("user").asText().equals(user)) {
                return row;
            }
        }
        throw new AssertionError(user + " is not in " + overview);
    }
}
