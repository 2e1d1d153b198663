package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /msync} over real HTTP: the protocol's happy paths, deduplication across users, and hostile
 * uploads, each refused with a 4xx while ledger, blob store and staging area stay as they were.
 */
class MediaSyncEndpointsTest {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private String key;

    @BeforeEach
    void login() {
        key = SERVER.login(SERVER.newUser());
    }

    private Reply media(String method, String hostKey, byte[] payload) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVER.port() + "/msync/" + method))
                .timeout(Duration.ofSeconds(60))
                .header("anki-sync", SyncTestClient.header(11, hostKey, "s"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Zstd.compress(payload)))
                .build();
        HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(response.statusCode(), response.headers().firstValue("anki-original-size").orElse(null), response.body());
    }

    private Reply media(String method, String json) throws IOException, InterruptedException {
        return media(method, key, json.getBytes(StandardCharsets.UTF_8));
    }

    private record Reply(int status, String originalSize, byte[] body) {
        byte[] payload() {
            assertThat(status).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(200);
            return Zstd.decompress(body, Integer.parseInt(originalSize));
        }

        JsonNode data() throws IOException {
            JsonNode envelope = JSON.readTree(payload());
            assertThat(envelope.get("err").asText()).isEmpty();
            return envelope.get("data");
        }

        String error() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An upload zip: members "0", "1", … for the files with content, and {@code _meta}. */
    private static byte[] uploadZip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder meta = new StringBuilder("[");
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            int i = 0;
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                meta.append(i == 0 ? "" : ",").append("[").append(JSON.writeValueAsString(file.getKey())).append(",");
                if (file.getValue() == null) {
                    meta.append("null]");
                } else {
                    zip.putNextEntry(new ZipEntry(Integer.toString(i)));
                    zip.write(file.getValue());
                    zip.closeEntry();
                    meta.append("\"").append(i).append("\"]");
                }
                i++;
            }
            zip.putNextEntry(new ZipEntry("_meta"));
            zip.write(meta.append("]").toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    private static byte[] rawZip(String[] names, byte[][] contents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < names.length; i++) {
                zip.putNextEntry(new ZipEntry(names[i]));
                zip.write(contents[i]);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static Map<String, byte[]> files(Object... namesAndBytes) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < namesAndBytes.length; i += 2) {
            files.put((String) namesAndBytes[i], (byte[]) namesAndBytes[i + 1]);
        }
        return files;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private long blobCount() throws IOException {
        Path blobs = SERVER.dataFolder().resolve("blobs");
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).count();
        }
    }

    @Test
    void aWholeRoundTrip_begin_upload_changes_download_sanity() throws Exception {
        assertThat(media("begin", "{\"v\":\"anki,26.9.3\"}").data().get("usn").asInt()).isZero();

        JsonNode uploaded = media("uploadChanges", key, uploadZip(files("a.png", bytes("image a"), "b.mp3", bytes("sound b")))).data();
        assertThat(uploaded.get(0).asInt()).isEqualTo(2);
        assertThat(uploaded.get(1).asInt()).isEqualTo(2);

        JsonNode changes = media("mediaChanges", "{\"lastUsn\":0}").data();
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).get(0).asText()).isEqualTo("a.png");
        assertThat(changes.get(0).get(2).asText()).hasSize(40);

        byte[] zip = media("downloadFiles", "{\"files\":[\"b.mp3\",\"a.png\"]}").payload();
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                members.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(JSON.readTree(members.get("_meta")).get("0").asText()).isEqualTo("b.mp3");
        assertThat(members.get("0")).isEqualTo(bytes("sound b"));
        assertThat(members.get("1")).isEqualTo(bytes("image a"));

        assertThat(media("mediaSanity", "{\"local\":2}").data().asText()).isEqualTo("OK");
        assertThat(media("mediaSanity", "{\"local\":3}").data().asText()).isEqualTo("mediaSanity");

        JsonNode deleted = media("uploadChanges", key, uploadZip(files("a.png", null))).data();
        assertThat(deleted.get(1).asInt()).isEqualTo(3);
        JsonNode later = media("mediaChanges", "{\"lastUsn\":2}").data();
        assertThat(later.get(0).get(2).asText()).as("a deletion has an empty sha1").isEmpty();
        assertThat(media("downloadFiles", "{\"files\":[\"a.png\"]}").status()).isEqualTo(409);

        JsonNode meta = JSON.readTree(SERVER.client().call("meta", key, "{\"v\":11,\"cv\":\"x\"}").payload());
        assertThat(meta.get("media_usn").asInt()).isEqualTo(3);
    }

    @Test
    void theSameBytesFromTwoUsers_areStoredOnce_andOutliveOneUsersDeletion() throws Exception {
        byte[] shared = bytes("the same picture in two collections " + System.nanoTime());
        String other = SERVER.login(SERVER.newUser());
        long before = blobCount();

        media("uploadChanges", key, uploadZip(files("mine.png", shared))).data();
        media("uploadChanges", other, uploadZip(files("theirs.png", shared))).data();
        assertThat(blobCount()).isEqualTo(before + 1);

        media("uploadChanges", key, uploadZip(files("mine.png", null))).data();
        Reply theirs = media("downloadFiles", other, bytes("{\"files\":[\"theirs.png\"]}"));
        assertThat(theirs.status()).isEqualTo(200);
        assertThat(Deckhand.sweepNow(new ServerConfig(SERVER.dataFolder(), "127.0.0.1", 0, 1, Duration.ofSeconds(1), List.of()), Duration.ZERO).removed()).as("still referenced by the other user").isZero();
        Path blob = SERVER.dataFolder().resolve("blobs").resolve(sha256(shared).substring(0, 2)).resolve(sha256(shared));
        assertThat(blob).hasBinaryContent(shared);
    }

    @Test
    void downloads_stopAfterTheFileThatPassesTwoAndAHalfMegabytes() throws Exception {
        byte[] big = new byte[2 * 1024 * 1024];
        new Random(3).nextBytes(big);
        byte[] big2 = Arrays.copyOf(big, big.length);
        big2[0]++;
        media("uploadChanges", key, uploadZip(files("one.bin", big))).data();
        media("uploadChanges", key, uploadZip(files("two.bin", big2, "three.bin", bytes("small")))).data();

        byte[] zip = media("downloadFiles", "{\"files\":[\"one.bin\",\"two.bin\",\"three.bin\"]}").payload();

        int members = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                members += e.getName().equals("_meta") ? 0 : 1;
            }
        }
        assertThat(members).as("a prefix: one.bin and two.bin, then the limit").isEqualTo(2);
    }

    /**
     * A client may still be sending the end of a body (here the chunked body's last chunk) when the
     * server has what it needs from it. The server reads every body to its end before it answers:
     * a body left unread makes Jetty close the connection after the answer, and a client that
     * reuses the connection for its next request at that moment fails.
     */
    @ParameterizedTest
    @ValueSource(ints = {10, 1_000, 5_000, 100_000})
    void anUploadWhoseBodyEndsLate_keepsItsConnectionForTheNextRequest(int fileBytes) throws Exception {
        byte[] file = new byte[fileBytes];
        new Random(fileBytes).nextBytes(file);
        assertConnectionKeptAfter("uploadChanges", uploadZip(files("late.bin", file)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"begin:{\"v\":\"anki,26.9.3\"}", "mediaChanges:{\"lastUsn\":0}", "mediaSanity:{\"local\":0}"})
    void aJsonRequestWhoseBodyEndsLate_keepsItsConnectionForTheNextRequest(String methodAndBody) throws Exception {
        String[] parts = methodAndBody.split(":", 2);
        assertConnectionKeptAfter(parts[0], bytes(parts[1]));
    }

    private void assertConnectionKeptAfter(String method, byte[] payload) throws Exception {
        byte[] body = Zstd.compress(payload);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), SERVER.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /msync/" + method + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "anki-sync: " + SyncTestClient.header(11, key, "s") + "\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(300);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawHttp.readResponse(in).status()).isEqualTo(200);

            out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawHttp.readResponse(in).status()).as("the connection is still open").isEqualTo(200);
        }
    }

    @Nested
    class HostileUploads {

        private int usnBefore;
        private long blobsBefore;

        @BeforeEach
        void storeSomething() throws Exception {
            media("uploadChanges", key, uploadZip(files("keep.png", bytes("keep me " + System.nanoTime())))).data();
            usnBefore = media("begin", "{\"v\":\"x\"}").data().get("usn").asInt();
            blobsBefore = blobCount();
        }

        private void assertNothingChanged() throws Exception {
            assertThat(media("begin", "{\"v\":\"x\"}").data().get("usn").asInt()).isEqualTo(usnBefore);
            assertThat(blobCount()).isEqualTo(blobsBefore);
            Path staging = SERVER.dataFolder().resolve("tmp");
            try (Stream<Path> left = Files.exists(staging) ? Files.list(staging) : Stream.empty()) {
                assertThat(left).as("staging area cleaned up").isEmpty();
            }
        }

        private void assertRefused(byte[] zip, String reason) throws Exception {
            Reply reply = media("uploadChanges", key, zip);
            assertThat(reply.status()).as(reply.error()).isEqualTo(400);
            assertThat(reply.error()).contains(reason);
            assertNothingChanged();
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "../evil.png|contains /", "a/b.png|contains /", "a\\b.png|contains \\", "/etc/passwd|contains /",
            ".|ends with a dot", "..|ends with a dot", "nul\u0000.png|control character", "''|is empty",
            "tab\t.png|control character"})
        void pathEscapesAndControlCharactersInNames(String name, String reason) throws Exception {
            assertRefused(uploadZip(files(name, bytes("x"))), reason);
        }

        @ParameterizedTest
        @ValueSource(strings = {"CON", "aux.mp3", "Nul.tar.gz", "com1.png", "LPT9.wav"})
        void namesWindowsCannotStore(String name) throws Exception {
            assertRefused(uploadZip(files(name, bytes("x"))), "device name Windows cannot store");
        }

        @ParameterizedTest
        @ValueSource(strings = {"trailing.", "trailing ", "a:b.png", "what?.png"})
        void namesAnkisMediaCheckWouldRename(String name) throws Exception {
            Reply reply = media("uploadChanges", key, uploadZip(files(name, bytes("x"))));
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.error()).contains("\"" + name + "\"");
            assertNothingChanged();
        }

        @Test
        void aNameThatIsNotNfc() throws Exception {
            assertRefused(uploadZip(files("cafe\u0301.png", bytes("x"))), "NFC");
        }

        @Test
        void anOverLongName() throws Exception {
            assertRefused(uploadZip(files("é".repeat(130) + ".png", bytes("x"))), "at most 255");
        }

        @ParameterizedTest
        @ValueSource(strings = {"../0", "0/", "sub/0", "_meta2", "00", "x"})
        void unexpectedZipEntries(String entry) throws Exception {
            assertRefused(rawZip(new String[] {entry, "_meta"}, new byte[][] {bytes("x"), bytes("[[\"a.png\",\"0\"]]")}),
                    "unexpected zip entry");
        }

        @Test
        void duplicateEntries() throws Exception {
            // Java's zip writer refuses duplicate names, so write "Q" and rename it in the raw bytes.
            byte[] zip = rawZip(new String[] {"0", "Q", "_meta"}, new byte[][] {bytes("x"), bytes("y"), bytes("[[\"a.png\",\"0\"]]")});
            for (int i = 0; i < zip.length; i++) {
                if (zip[i] == 'Q') {
                    zip[i] = '0';
                }
            }
            assertRefused(zip, "two entries");
        }

        @Test
        void membersMissingFromMeta() throws Exception {
            assertRefused(rawZip(new String[] {"0", "1", "_meta"}, new byte[][] {bytes("x"), bytes("y"), bytes("[[\"a.png\",\"0\"]]")}),
                    "does not list");
        }

        @Test
        void metaNamingAMemberThatIsNotThere() throws Exception {
            assertRefused(rawZip(new String[] {"0", "_meta"}, new byte[][] {bytes("x"), bytes("[[\"a.png\",\"0\"],[\"b.png\",\"7\"]]")}),
                    "does not hold");
        }

        @Test
        void noMeta() throws Exception {
            assertRefused(rawZip(new String[] {"0"}, new byte[][] {bytes("x")}), "no _meta");
        }

        @Test
        void metaThatIsNotJson() throws Exception {
            assertRefused(rawZip(new String[] {"_meta"}, new byte[][] {bytes("[[not json")}), "_meta");
        }

        @Test
        void aBrokenZip() throws Exception {
            byte[] garbage = new byte[4096];
            new Random(9).nextBytes(garbage);
            Reply reply = media("uploadChanges", key, garbage);
            assertThat(reply.status()).isEqualTo(400);
            assertNothingChanged();
        }

        @Test
        void aZipBomb_isStoppedWhileInflating() throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.setLevel(9);
                zip.putNextEntry(new ZipEntry("0"));
                byte[] zeros = new byte[1024 * 1024];
                for (int i = 0; i < 101; i++) {
                    zip.write(zeros);
                }
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("_meta"));
                zip.write(bytes("[[\"bomb.png\",\"0\"]]"));
                zip.closeEntry();
            }
            assertThat(out.size()).isLessThan(1024 * 1024);

            assertRefused(out.toByteArray(), "larger than");
        }

        @Test
        void filesThatUnpackToFarMoreThanAnyRealBatch_areStoppedWhileInflating() throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StringBuilder meta = new StringBuilder("[");
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.setLevel(9);
                byte[] zeros = new byte[1024 * 1024];
                for (int member = 0; member < 5; member++) { // five files of 40 MiB: each allowed, together not
                    zip.putNextEntry(new ZipEntry(Integer.toString(member)));
                    for (int i = 0; i < 40; i++) {
                        zip.write(zeros);
                    }
                    zip.closeEntry();
                    meta.append(member == 0 ? "" : ",").append("[\"zeros").append(member).append(".bin\",\"").append(member)
                            .append("\"]");
                }
                zip.putNextEntry(new ZipEntry("_meta"));
                zip.write(bytes(meta.append("]").toString()));
                zip.closeEntry();
            }
            assertThat(out.size()).isLessThan(1024 * 1024);

            assertRefused(out.toByteArray(), "unpack to more than");
        }

        @Test
        void moreThan25Files() throws Exception {
            Map<String, byte[]> many = new LinkedHashMap<>();
            for (int i = 0; i < 26; i++) {
                many.put("f" + i + ".png", null);
            }
            assertRefused(uploadZip(many), "at most 25");
        }

        @Test
        void anEmptyFile() throws Exception {
            assertRefused(uploadZip(files("empty.png", new byte[0])), "empty");
        }

        @Test
        void theSameNameTwice() throws Exception {
            assertRefused(rawZip(new String[] {"0", "1", "_meta"},
                    new byte[][] {bytes("x"), bytes("y"), bytes("[[\"a.png\",\"0\"],[\"a.png\",\"1\"]]")}), "twice");
        }

        @Test
        void aTruncatedBody() throws Exception {
            byte[] compressed = Zstd.compress(uploadZip(files("t.png", bytes("truncated"))));
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVER.port() + "/msync/uploadChanges"))
                    .header("anki-sync", SyncTestClient.header(11, key, "s"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Arrays.copyOf(compressed, compressed.length / 2)))
                    .build();

            assertThat(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
            assertNothingChanged();
        }

        @Test
        void anUnknownHostKey_is403() throws Exception {
            assertThat(media("uploadChanges", "forged", uploadZip(files("x.png", bytes("x")))).status()).isEqualTo(403);
            assertNothingChanged();
        }
    }

    @Nested
    class BadRequests {
        @Test
        void downloadingMoreThan25Files_is400() throws Exception {
            StringBuilder names = new StringBuilder("{\"files\":[");
            for (int i = 0; i < 26; i++) {
                names.append(i == 0 ? "" : ",").append("\"f").append(i).append("\"");
            }
            assertThat(media("downloadFiles", names.append("]}").toString()).status()).isEqualTo(400);
        }

        @Test
        void downloadingAFileThatIsNotThere_is409() throws Exception {
            assertThat(media("downloadFiles", "{\"files\":[\"nope.png\"]}").status()).isEqualTo(409);
        }

        @ParameterizedTest
        @ValueSource(strings = {"mediaChanges|{\"lastUsn\":\"0\"}", "mediaChanges|[]", "begin|{\"v\":\"\"}", "begin|{}",
            "mediaSanity|{\"local\":null}", "downloadFiles|{\"files\":[1]}", "downloadFiles|{}", "nope|{}"})
        void malformedRequests_are4xx(String methodAndBody) throws Exception {
            String[] parts = methodAndBody.split("\\|", 2);
            int status = media(parts[0], parts[1]).status();
            assertThat(status).isBetween(400, 404);
        }
    }
}
