package dev.deckhand.app;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Speaks the sync wire format the way Anki's client does, with every part overridable for abuse. */
final class SyncTestClient {

    static final String CLIENT_VERSION = "26.9.3,test,linux";
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    SyncTestClient(int port) {
        this.base = "http://127.0.0.1:" + port + "/";
    }

    static String header(int version, String hostKey, String session) {
        return "{\"v\":" + version + ",\"k\":\"" + hostKey + "\",\"c\":\"" + CLIENT_VERSION + "\",\"s\":\"" + session + "\"}";
    }

    /** A well-formed call: v11 header, zstd-compressed body. */
    Reply call(String method, String hostKey, byte[] payload) {
        return raw(method, Optional.of(header(11, hostKey, "sess1")), Zstd.compress(payload));
    }

    Reply call(String method, String hostKey, String json) {
        return call(method, hostKey, json.getBytes(StandardCharsets.UTF_8));
    }

    /** Anything at all: a chosen header (or none) and a body sent as is. */
    Reply raw(String method, Optional<String> header, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "sync/" + method))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        header.ifPresent(h -> request.header("anki-sync", h));
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(response.statusCode(), response.headers().firstValue("anki-original-size"), response.body(),
                    response.headers().firstValue("Location"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A response; successful ones are decompressed by {@link #payload()}. */
    record Reply(int status, Optional<String> originalSize, byte[] body, Optional<String> location) {

        byte[] payload() {
            if (status != 200) {
                throw new AssertionError("status " + status + ": " + new String(body, StandardCharsets.UTF_8));
            }
            long size = Long.parseLong(originalSize.orElseThrow(() -> new AssertionError("no anki-original-size")));
            byte[] plain = Zstd.decompress(body, (int) size);
            if (plain.length != size) {
                throw new AssertionError("anki-original-size " + size + " but " + plain.length + " bytes");
            }
            return plain;
        }

        String text() {
            return new String(payload(), StandardCharsets.UTF_8);
        }

        String errorText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
