package dev.deckhand.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A client of a Deckhand server's shared-deck media API ({@code /api/v1}): uploads a folder to a
 * deck and downloads a deck to a folder, both in parallel, resumable and retried. File bytes go
 * straight to and from object storage through the pre-signed requests the API hands out; the token
 * is only ever sent to the API. Thread-safe: one client may run several operations at once.
 *
 * <p>Failures of single files are reported, not thrown. Thrown: {@link DeckhandApiException} when
 * the API refuses a call, {@link java.io.UncheckedIOException} when it cannot be reached or a local
 * folder cannot be used, {@link java.util.concurrent.CancellationException} when interrupted.
 */
public final class DeckhandMediaClient {

    public static final int MAX_PARALLELISM = 64;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);

    private final MediaApi api;
    private final PresignedTransfers transfers;

    /** A client for the server at {@code baseUrl} (such as {@code http://host:8080}), with a token from {@link #login}. */
    public DeckhandMediaClient(URI baseUrl, String token) {
        this(baseUrl, token, new Retry(FIRST_RETRY_DELAY));
    }

    DeckhandMediaClient(URI baseUrl, String token, Retry retry) {
        Objects.requireNonNull(token, "token");
        HttpClient http = httpClient();
        this.api = new MediaApi(http, checked(baseUrl), Optional.of(token), retry);
        this.transfers = new PresignedTransfers(http, retry);
    }

    /** Signs in with a user name and password; returns the token for {@link #DeckhandMediaClient(URI, String)}. */
    public static String login(URI baseUrl, String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        return new MediaApi(httpClient(), checked(baseUrl), Optional.empty(), new Retry(FIRST_RETRY_DELAY)).login(user, password);
    }

    /**
     * Uploads the regular files directly in {@code folder} (not hidden ones, links or sub-folders)
     * to the deck, at most {@code parallelism} transfers at once. Files the deck already has with the
     * same bytes are not sent again, so running it twice is cheap.
     */
    public UploadReport upload(String deck, Path folder, int parallelism) {
        Objects.requireNonNull(deck, "deck");
        Objects.requireNonNull(folder, "folder");
        try (Workers workers = new Workers(checkedParallelism(parallelism))) {
            return new FolderUpload(api, transfers, workers).run(deck, folder);
        }
    }

    /**
     * Downloads every file of the deck to {@code target/<name>} (created if missing), at most
     * {@code parallelism} at once, each checked against the listed SHA-256. Files already there
     * with that hash are skipped, so an interrupted download resumes where it stopped.
     */
    public DownloadReport download(String deck, Path target, int parallelism) {
        Objects.requireNonNull(deck, "deck");
        Objects.requireNonNull(target, "target");
        try (Workers workers = new Workers(checkedParallelism(parallelism))) {
            return new DeckDownload(api, transfers, workers).run(deck, target);
        }
    }

    /** The decks the signed-in user holds a role in, by id. */
    public List<Deck> decks() {
        return api.decks().decks();
    }

    /** HTTP/1.1: pre-signed URLs are plain requests, and an h2c upgrade buys nothing on loopback or behind TLS. */
    private static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    private static URI checked(URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (baseUrl.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("the server URL must be http(s)://host[:port], not " + baseUrl);
        }
        return baseUrl;
    }

    private static int checkedParallelism(int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be 1 to " + MAX_PARALLELISM + ", not " + parallelism);
        }
        return parallelism;
    }
}
