package dev.deckhand.app.warmup;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Speaks Anki's sync wire format to one server as the official client does: an {@code anki-sync}
 * header, zstd bodies, kept-alive connections. {@link HttpURLConnection} rather than the JDK's
 * newer client, which would load hundreds of classes the server itself never uses.
 */
final class WireClient {

    private static final int TIMEOUT_MILLIS = 30_000;
    private final String base;

    WireClient(int port) {
        this.base = "http://127.0.0.1:" + port + "/";
    }

    /** Posts {@code plain} to {@code path} (e.g. {@code sync/meta}) and returns the decompressed answer. */
    byte[] call(String path, String hostKey, String session, byte[] plain) {
        return send(path, hostKey, session, plain, false);
    }

    /**
     * As {@link #call(String, String, String, byte[])}, then the server closes the connection and the
     * next call opens a new one, as each of the official client's processes does.
     */
    byte[] callAndHangUp(String path, String hostKey, String session, byte[] plain) {
        return send(path, hostKey, session, plain, true);
    }

    private byte[] send(String path, String hostKey, String session, byte[] plain, boolean hangUp) {
        Objects.requireNonNull(hostKey, "hostKey");
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
            connection.setConnectTimeout(TIMEOUT_MILLIS);
            connection.setReadTimeout(TIMEOUT_MILLIS);
            connection.setDoOutput(true);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "application/octet-stream");
            if (hangUp) {
                connection.setRequestProperty("Connection", "close");
            }
            connection.setRequestProperty("anki-sync",
                    "{\"v\":11,\"k\":\"" + hostKey + "\",\"c\":\"26.9.3,warm-up,linux\",\"s\":\"" + session + "\"}");
            byte[] body = Zstd.compress(plain);
            connection.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            if (status != 200) {
                try (InputStream error = connection.getErrorStream()) {
                    String text = error == null ? "" : new String(error.readAllBytes(), StandardCharsets.UTF_8);
                    throw new IllegalStateException(path + " answered " + status + ": " + text);
                }
            }
            String size = connection.getHeaderField("anki-original-size");
            try (InputStream in = connection.getInputStream()) {
                byte[] compressed = in.readAllBytes();
                return size == null ? compressed : Zstd.decompress(compressed, Integer.parseInt(size));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(path + " failed", e);
        }
    }

    byte[] call(String path, String hostKey, String session, String json) {
        return call(path, hostKey, session, json.getBytes(StandardCharsets.UTF_8));
    }
}
