package dev.deckhand.client;

import dev.deckhand.ports.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The file transfers themselves: the pre-signed PUTs and GETs the API hands out, straight to object storage. */
final class PresignedTransfers {

    /** Long enough for a large file over a slow line; it bounds the wait for the answer's headers. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /**
     * Headers java.net.http sets itself and refuses to be given: content-length comes from the body
     * publisher (the file's size, which is what was signed), host from the URL.
     */
    private static final Set<String> SET_BY_THE_CLIENT = Set.of("content-length", "host", "connection", "expect", "upgrade");
    private static final int ERROR_EXCERPT_BYTES = 2_048;

    private final HttpClient http;
    private final Retry retry;

    PresignedTransfers(HttpClient http, Retry retry) {
        this.http = http;
        this.retry = retry;
    }

    void upload(Wire.Request upload, Path file) throws IOException, InterruptedException {
        HttpRequest request = request(upload, HttpRequest.BodyPublishers.ofFile(file));
        retry.run(() -> {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw HttpFailure.of(response, response.body());
            }
            return null;
        }, Retry.TRANSIENT);
    }

    /**
     * Fetches into a temporary file beside {@code destination} and moves it into place only once
     * its SHA-256 is the listed one, so an interrupted run leaves no half-written file under the
     * real name. A wrong hash is retried like a broken connection. Returns the bytes written.
     */
    long download(Wire.Request download, Path destination, String sha256, long size) throws IOException, InterruptedException {
        HttpRequest request = request(download, HttpRequest.BodyPublishers.noBody());
        return retry.run(() -> downloadOnce(request, destination, sha256, size), Retry.TRANSIENT);
    }

    private long downloadOnce(HttpRequest request, Path destination, String sha256, long size)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw HttpFailure.of(response, body.readNBytes(ERROR_EXCERPT_BYTES));
            }
            Path partial = destination.resolveSibling(".deckhand-" + UUID.randomUUID() + ".part");
            try {
                MessageDigest digest = Sha256.newDigest();
                long written;
                try (OutputStream out = new DigestOutputStream(
                        Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), digest)) {
                    written = copyAtMost(body, out, size);
                }
                String actual = Sha256.of(digest).hex();
                if (!actual.equals(sha256)) {
                    throw new IOException("the bytes received hash to " + actual + ", the listing says " + sha256);
                }
                Files.move(partial, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return written;
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    /** Copies the body, stopping at one byte past the listed size: a server cannot fill the disk. */
    private static long copyAtMost(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            total += read;
            if (total > size) {
                throw new IOException("the server sent more than the listed " + size + " bytes");
            }
            out.write(buffer, 0, read);
        }
        return total;
    }

    /** The request as the API described it; a description this client cannot make is not retried. */
    private static HttpRequest request(Wire.Request described, HttpRequest.BodyPublisher body) throws IOException {
        if (described == null || described.url() == null || described.method() == null) {
            throw new IOException("the API described no request to make");
        }
        try {
            URI url = new URI(described.url());
            if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())) {
                throw new IOException("not an http(s) URL: " + described.url());
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT).method(described.method(), body);
            for (Map.Entry<String, String> header : described.headers().entrySet()) {
                if (!SET_BY_THE_CLIENT.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    request.header(header.getKey(), header.getValue());
                }
            }
            return request.build();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IOException("cannot make the described request: " + e.getMessage(), e);
        }
    }
}
