package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.app.ApiClient.Reply;
import dev.deckhand.client.DeckhandMediaClient;
import dev.deckhand.client.DownloadReport;
import dev.deckhand.client.RefusedFile;
import dev.deckhand.client.StoredFile;
import dev.deckhand.client.UploadReport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The media client against the real thing: Deckhand over HTTP, PostgreSQL, S3Proxy checking the
 * pre-signed requests, and the image adapter converting uploads. One deck ("the gallery") is
 * uploaded once and shared by the upload and download tests; the bulk test has its own.
 */
class MediaClientTest {

    private static final int IMAGES = 20;
    private static final String HTML_NAMED_PNG = "page.png";
    private static final String NOT_NFC = "cafe\u0301.png";
    private static final AtomicInteger DECKS = new AtomicInteger();

    private static SharedMediaServer infrastructure;
    private static ApiClient api;
    private static URI server;
    private static Path work;

    private static Deck gallery;
    private static Path galleryFolder;
    private static List<String> imageNames;
    private static UploadReport firstUpload;

    record Deck(String id, String token) {
        DeckhandMediaClient client() {
            return new DeckhandMediaClient(server, token);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        infrastructure = SharedMediaServer.start();
        int port = infrastructure.deckhand(SharedMediaServer.limits(Duration.ofMinutes(10))).port();
        api = new ApiClient(port);
        server = URI.create("http://127.0.0.1:" + port);
        work = Files.createTempDirectory("deckhand-media-client");

        galleryFolder = Files.createDirectory(work.resolve("gallery"));
        imageNames = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            String name = String.format("img-%02d.%s", i, i % 2 == 0 ? "png" : "jpg");
            byte[] bytes = i % 2 == 0 ? TestImages.png(TestImages.photo(96, 64, i)) : TestImages.jpeg(TestImages.photo(96, 64, i));
            Files.write(galleryFolder.resolve(name), bytes);
            imageNames.add(name);
        }
        Files.writeString(galleryFolder.resolve(HTML_NAMED_PNG), "<html><script>alert(1)</script></html>");
        // Never announced: a name the API cannot carry, a hidden file, a link, and a sub-folder's file.
        Files.write(galleryFolder.resolve(NOT_NFC), TestImages.png(TestImages.photo(16, 16, 90)));
        Files.write(galleryFolder.resolve(".hidden.png"), TestImages.png(TestImages.photo(16, 16, 91)));
        Files.createSymbolicLink(galleryFolder.resolve("link.png"), galleryFolder.resolve("img-00.png"));
        Files.write(Files.createDirectory(galleryFolder.resolve("nested")).resolve("deep.png"), TestImages.png(TestImages.photo(16, 16, 92)));

        gallery = newDeck();
        firstUpload = gallery.client().upload(gallery.id(), galleryFolder, 4);
    }

    @AfterAll
    static void stop() throws IOException {
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    /** A deck whose maintainer signed in through the client's own login. */
    private static Deck newDeck() {
        String maintainer = infrastructure.newUser();
        String token = DeckhandMediaClient.login(server, maintainer, RunningServer.PASSWORD);
        String deck = "client-deck-" + DECKS.incrementAndGet();
        Reply created = api.json("POST", "/decks", token, Map.of("id", deck, "title", "Deck " + deck));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Deck(deck, token);
    }

    /** The deck's listing as the API gives it, page by page, and how many requests that took. */
    private static Listing list(Deck deck) {
        Map<String, JsonNode> files = new LinkedHashMap<>();
        int requests = 0;
        String after = null;
        do {
            String query = "?limit=1000" + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
            Reply page = api.send("GET", "/decks/" + deck.id() + "/media" + query, deck.token(), (String) null);
            requests++;
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().get("files").forEach(file -> files.put(file.get("name").asText(), file));
            after = page.json().get("next").isNull() ? null : page.json().get("next").asText();
        } while (after != null && requests < 1_000);
        return new Listing(files, requests);
    }

    record Listing(Map<String, JsonNode> files, int requests) {}

    private static Path newFolder(String prefix) throws IOException {
        return Files.createTempDirectory(work, prefix);
    }

    private static List<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertMatchesListing(Path folder, Map<String, JsonNode> listing) throws IOException {
        for (JsonNode file : listing.values()) {
            byte[] bytes = Files.readAllBytes(folder.resolve(file.get("name").asText()));
            assertThat(TestImages.sha256(bytes)).as(file.get("name").asText()).isEqualTo(file.get("sha256").asText());
            assertThat((long) bytes.length).isEqualTo(file.get("size").asLong());
        }
    }

    @Test
    void upload_storesEveryImage_andReportsWhatItCouldNotStoreWithTheReason() {
        assertThat(firstUpload.stored()).extracting(StoredFile::name).containsExactlyElementsOf(imageNames);
        assertThat(firstUpload.stored()).allSatisfy(file -> {
            assertThat(file.contentType()).isEqualTo("image/webp");
            assertThat(file.sha256()).matches("[0-9a-f]{64}");
        });
        assertThat(firstUpload.refused()).extracting(RefusedFile::name).containsExactly(NOT_NFC, HTML_NAMED_PNG);
        assertThat(firstUpload.refused().get(1).reason()).contains("not an image");
        assertThat(firstUpload.refused().get(0).reason()).contains("NFC");
        assertThat(firstUpload.present()).isEmpty();
        assertThat(firstUpload.failed()).isEmpty();
        assertThat(list(gallery).files().keySet()).as("hidden files, links and sub-folders stay home")
                .containsExactlyElementsOf(imageNames);
        assertThat(list(gallery).files().values()).extracting(file -> file.get("sha256").asText())
                .containsExactlyElementsOf(firstUpload.stored().stream().map(StoredFile::sha256).toList());
    }

    @Test
    void upload_ofTheSameFolderAgain_findsEveryImagePresentAndStoresNothing() {
        UploadReport again = gallery.client().upload(gallery.id(), galleryFolder, 4);

        assertThat(again.present()).containsExactlyElementsOf(imageNames);
        assertThat(again.stored()).isEmpty();
        assertThat(again.failed()).isEmpty();
        // Never stored, the HTML file is offered, sent and refused again.
        assertThat(again.refused()).extracting(RefusedFile::name).containsExactly(NOT_NFC, HTML_NAMED_PNG);
        assertThat(list(gallery).files()).hasSize(IMAGES);
    }

    @Test
    void download_toAnEmptyFolder_writesEveryFileWithTheBytesTheListingNames() throws IOException {
        Path target = newFolder("download");

        DownloadReport report = gallery.client().download(gallery.id(), target, 4);

        Map<String, JsonNode> listing = list(gallery).files();
        assertThat(report.downloaded()).containsExactlyElementsOf(imageNames);
        assertThat(report.skipped()).isEmpty();
        assertThat(report.refused()).isEmpty();
        assertThat(report.failed()).isEmpty();
        assertThat(report.listRequests()).isEqualTo(1);
        assertThat(namesIn(target)).as("no temporary files left").containsExactlyElementsOf(imageNames);
        assertMatchesListing(target, listing);
        for (String name : imageNames) {
            byte[] bytes = Files.readAllBytes(target.resolve(name));
            assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII) + new String(bytes, 8, 4, StandardCharsets.US_ASCII))
                    .as(name + " was converted").isEqualTo("RIFFWEBP");
            assertThat(TestImages.decode(bytes).getWidth()).isEqualTo(96);
        }
        assertThat(report.bytesDownloaded()).isEqualTo(listing.values().stream().mapToLong(file -> file.get("size").asLong()).sum());
    }

    @Test
    void download_again_fetchesOnlyTheFilesDeletedOrDamaged() throws IOException {
        Path target = newFolder("resume");
        assertThat(gallery.client().download(gallery.id(), target, 4).downloaded()).hasSize(IMAGES);
        Files.delete(target.resolve("img-03.jpg"));
        Files.delete(target.resolve("img-10.png"));
        byte[] damaged = Files.readAllBytes(target.resolve("img-15.jpg"));
        damaged[damaged.length / 2] ^= 0x55;
        Files.write(target.resolve("img-15.jpg"), damaged);

        DownloadReport resumed = gallery.client().download(gallery.id(), target, 4);

        assertThat(resumed.downloaded()).containsExactly("img-03.jpg", "img-10.png", "img-15.jpg");
        assertThat(resumed.skipped()).hasSize(IMAGES - 3).doesNotContain("img-03.jpg", "img-10.png", "img-15.jpg");
        assertThat(resumed.failed()).isEmpty();
        assertThat(namesIn(target)).containsExactlyElementsOf(imageNames);
        assertMatchesListing(target, list(gallery).files());
    }

    /**
     * 10,000 files: 50 distinct images uploaded by the client, then 9,950 more names mapped to them
     * through check (announcing a known hash under a new name maps it without an upload). Ten
     * pages of 1,000: the last full page already says there is no next one.
     */
    @Test
    void aDeckOfTenThousandFiles_isListedInTenRequestsAndDownloadedWhole() throws IOException {
        Deck deck = newDeck();
        Path seeds = newFolder("seeds");
        int distinct = 50;
        List<Map<String, Object>> announced = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            byte[] bytes = TestImages.png(TestImages.photo(24, 16, 1_000 + i));
            Files.write(seeds.resolve(String.format("f%05d.png", i)), bytes);
            announced.add(Map.of("sha256", TestImages.sha256(bytes), "size", bytes.length));
        }
        long seedStart = System.nanoTime();
        assertThat(deck.client().upload(deck.id(), seeds, 4).stored()).hasSize(distinct);
        for (int from = distinct; from < 10_000; from += 100) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(from + 100, 10_000); i++) {
                Map<String, Object> file = new LinkedHashMap<>(announced.get(i % distinct));
                file.put("name", String.format("f%05d.png", i));
                batch.add(file);
            }
            Reply check = api.json("POST", "/decks/" + deck.id() + "/media/check", deck.token(), Map.of("files", batch));
            assertThat(check.status()).as(check.text()).isEqualTo(200);
            assertThat(check.json().get("present")).hasSize(batch.size());
        }
        long seeded = System.nanoTime();

        Listing listing = list(deck);
        long listed = System.nanoTime();
        assertThat(listing.files()).hasSize(10_000);
        assertThat(listing.requests()).isEqualTo(10);

        Path target = newFolder("bulk");
        DownloadReport report = deck.client().download(deck.id(), target, 8);
        long downloaded = System.nanoTime();
        DownloadReport resumed = deck.client().download(deck.id(), target, 8);
        long resumedAt = System.nanoTime();

        assertThat(report.listRequests()).isEqualTo(10);
        assertThat(report.downloaded()).hasSize(10_000);
        assertThat(report.refused()).isEmpty();
        assertThat(report.failed()).isEmpty();
        assertThat(namesIn(target)).hasSize(10_000).containsExactlyElementsOf(listing.files().keySet());
        assertMatchesListing(target, listing.files());
        assertThat(resumed.skipped()).hasSize(10_000);
        assertThat(resumed.downloaded()).isEmpty();

        double downloadSeconds = (downloaded - listed) / 1e9;
        System.out.printf("bulk: seeded 10,000 names in %.1f s; listed in %d requests, %.2f s; client download %.1f s "
                        + "(%.0f files/s, %.2f MB/s, %d bytes); resume pass (all skipped) %.1f s%n",
                (seeded - seedStart) / 1e9, listing.requests(), (listed - seeded) / 1e9, downloadSeconds,
                10_000 / downloadSeconds, report.bytesDownloaded() / 1e6 / downloadSeconds, report.bytesDownloaded(),
                (resumedAt - downloaded) / 1e9);
    }
}
