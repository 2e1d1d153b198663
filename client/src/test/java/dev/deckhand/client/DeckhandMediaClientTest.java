package dev.deckhand.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.client.FakeHttpServer.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a scripted API: what a real server never sends (hostile names), and how refusals surface. */
class DeckhandMediaClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BYTES = "bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir Path work;
    private final FakeHttpServer server = newServer();
    private final DeckhandMediaClient client = new DeckhandMediaClient(server.uri(), "token-1", new Retry(Duration.ZERO));

    private static FakeHttpServer newServer() {
        try {
            return new FakeHttpServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ObjectNode link(String name) throws Exception {
        ObjectNode link = JSON.createObjectNode().put("name", name).put("sha256", PresignedTransfersTest.sha256(BYTES))
                .put("size", BYTES.length).put("contentType", "image/webp");
        link.putObject("download").put("method", "GET").put("url", server.url("/bucket/ok")).putObject("headers");
        return link;
    }

    @Test
    void download_refusesListedNamesThatWouldLeaveTheTargetFolder() throws Exception {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode files = page.putArray("files");
        for (String name : List.of("../escape.png", "..", "a\\b.png", "sub/x.png", "ok.png")) {
            files.add(link(name));
        }
        page.putNull("next");
        server.on("/api/v1/decks/d/media", Answer.json(page.toString()));
        server.on("/bucket/ok", new Answer(200, Map.of(), BYTES));
        Path target = work.resolve("target");

        DownloadReport report = client.download("d", target, 2);

        assertThat(report.downloaded()).containsExactly("ok.png");
        assertThat(report.refused()).extracting(RefusedFile::name).containsExactlyInAnyOrder("../escape.png", "..", "a\\b.png",
                "sub/x.png");
        assertThat(report.listRequests()).isEqualTo(1);
        assertThat(PresignedTransfersTest.filesIn(work)).containsExactly("target");
        assertThat(PresignedTransfersTest.filesIn(target)).containsExactly("ok.png");
        assertThat(server.received("/api/v1/decks/d/media").get(0).header("Authorization")).isEqualTo("Bearer token-1");
    }

    @Test
    void upload_announcesInBatchesOfAHundred_andSkipsHiddenFilesLinksFoldersAndUnusableNames() throws Exception {
        Path folder = Files.createDirectory(work.resolve("media"));
        for (int i = 0; i < 150; i++) {
            Files.write(folder.resolve(String.format("f%03d.png", i)), ("file " + i).getBytes(StandardCharsets.UTF_8));
        }
        Files.write(folder.resolve(".DS_Store"), BYTES);
        Files.createDirectory(folder.resolve("sub"));
        Files.createSymbolicLink(folder.resolve("link.png"), folder.resolve("f000.png"));
        Files.write(folder.resolve("cafe\u0301.png"), BYTES);
        Files.write(folder.resolve("empty.png"), new byte[0]);
        server.on("/api/v1/decks/d/media/check", request -> {
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode present = answer.putArray("present");
            read(request.text()).get("files").forEach(file -> present.add(file.get("name").asText()));
            answer.putArray("uploads");
            answer.putArray("refused");
            return Answer.json(answer.toString());
        });

        UploadReport report = client.upload("d", folder, 4);

        List<Integer> batches = new ArrayList<>();
        List<String> announced = new ArrayList<>();
        for (FakeHttpServer.Received check : server.received("/api/v1/decks/d/media/check")) {
            JsonNode files = read(check.text()).get("files");
            batches.add(files.size());
            files.forEach(file -> announced.add(file.get("name").asText()));
        }
        assertThat(batches).containsExactly(100, 50);
        assertThat(announced).hasSize(150).allMatch(name -> name.matches("f\\d{3}\\.png"));
        assertThat(report.present()).hasSize(150);
        assertThat(report.refused()).extracting(RefusedFile::name).containsExactly("cafe\u0301.png", "empty.png");
        assertThat(report.stored()).isEmpty();
        assertThat(report.failed()).isEmpty();
    }

    @Test
    void anApiRefusalIsThrownWithItsStatusAndTheProblemDetails() {
        server.on("/api/v1/decks/d/media", problem(403, "forbidden", "this needs the subscriber role in d", "r-7"));
        server.on("/api/v1/login", problem(401, "wrong-credentials", "unknown user or wrong password", "r-8"));

        assertThatThrownBy(() -> client.download("d", work.resolve("t"), 1))
                .isInstanceOfSatisfying(DeckhandApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.serverMessage()).isEqualTo("this needs the subscriber role in d");
                    assertThat(e.problemType()).contains("tag:deckhand,2026:problem:forbidden");
                    assertThat(e.requestId()).contains("r-7");
                    assertThat(e.getMessage()).endsWith("answered HTTP 403: this needs the subscriber role in d (request r-7)");
                });
        assertThatThrownBy(() -> DeckhandMediaClient.login(server.uri(), "ann", "wrong"))
                .isInstanceOfSatisfying(DeckhandApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.problemType()).contains("tag:deckhand,2026:problem:wrong-credentials");
                });
        assertThat(server.received("/api/v1/decks/d/media")).as("a 403 is not retried").hasSize(1);
    }

    @Test
    void aRefusalThatIsNotProblemDetails_keepsItsTextAndTheRequestIdHeader() {
        server.on("/api/v1/decks/d/media", new Answer(502, Map.of("Content-Type", "text/html", "x-request-id", "r-9"),
                "<html><body>\n  Bad   gateway\n</body></html>".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> client.download("d", work.resolve("t"), 1))
                .isInstanceOfSatisfying(DeckhandApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(502);
                    assertThat(e.serverMessage()).isEqualTo("<html><body> Bad gateway </body></html>");
                    assertThat(e.problemType()).isEmpty();
                    assertThat(e.requestId()).contains("r-9");
                });
    }

    @Test
    void decks_listsTheSignedInUsersDecksWithTheirRoles() {
        server.on("/api/v1/decks", Answer.json("{\"decks\": [{\"id\": \"biology\", \"title\": \"Biology\", "
                + "\"quotaBytes\": 1073741824, \"role\": \"maintainer\", \"later\": true},"
                + " {\"id\": \"chem\", \"title\": \"Chemistry\", \"quotaBytes\": 5, \"role\": \"subscriber\"}]}"));

        assertThat(client.decks()).containsExactly(new Deck("biology", "Biology", 1L << 30, "maintainer"),
                new Deck("chem", "Chemistry", 5, "subscriber"));
        assertThat(server.received("/api/v1/decks").get(0).header("Authorization")).isEqualTo("Bearer token-1");
    }

    private static Answer problem(int status, String type, String detail, String requestId) {
        ObjectNode body = JSON.createObjectNode().put("type", "tag:deckhand,2026:problem:" + type).put("title", "t")
                .put("status", status).put("detail", detail).put("instance", "/api/v1/x").put("requestId", requestId);
        return new Answer(status, Map.of("Content-Type", "application/problem+json", "x-request-id", requestId),
                body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
