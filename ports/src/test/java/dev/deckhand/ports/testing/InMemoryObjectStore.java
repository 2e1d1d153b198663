package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.decks.PresignedRequest;
import dev.deckhand.ports.out.BlobStoreException;
import dev.deckhand.ports.out.decks.ObjectStore;
import dev.deckhand.ports.out.decks.ObjectStoreChecks;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Objects in a map, for tests of the shared-media core. Pre-signed requests get a {@code memory://}
 * URL that a test "sends" with {@link #perform}; the store then checks them as S3 does: the URL
 * must be one it signed, for that key and method, unexpired, with the signed headers, and an upload
 * must have exactly the signed length and SHA-256. Objects are stamped with the clock's time.
 */
public final class InMemoryObjectStore implements ObjectStore {

    private final Clock clock;
    private final Map<String, StoredBytes> objects = new TreeMap<>();
    private final Map<String, Grant> grants = new HashMap<>();

    public InMemoryObjectStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The store's answer to a request sent to a pre-signed URL: an HTTP status and, for a GET, the bytes. */
    public record Response(int status, byte[] body) {
        public boolean ok() {
            return status == 200;
        }
    }

    private record StoredBytes(byte[] bytes, Instant lastModified) {}

    /** What a signature allows: one method on one key until a time; an upload also fixes length and hash. */
    private record Grant(String method, String key, Map<String, String> headers, Instant expiresAt, long size, Sha256 sha256) {}

    @Override
    public synchronized PresignedRequest presignUpload(String key, long size, Sha256 sha256, String contentType, Duration ttl) {
        ObjectStoreChecks.key(key);
        ObjectStoreChecks.upload(size, sha256, contentType);
        ObjectStoreChecks.ttl(ttl);
        Map<String, String> headers = Map.of(
                "Content-Length", Long.toString(size),
                "Content-Type", contentType,
                "x-amz-checksum-sha256", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256.hex())));
        return sign(new Grant("PUT", key, headers, clock.instant().plus(ttl), size, sha256));
    }

    @Override
    public synchronized PresignedRequest presignDownload(String key, Duration ttl) {
        ObjectStoreChecks.key(key);
        ObjectStoreChecks.ttl(ttl);
        return sign(new Grant("GET", key, Map.of(), clock.instant().plus(ttl), -1, null));
    }

    private PresignedRequest sign(Grant grant) {
        String signature = UUID.randomUUID().toString();
        grants.put(signature, grant);
        URI url = URI.create("memory://objects/" + grant.key() + "?signature=" + signature);
        return new PresignedRequest(grant.method(), url, grant.headers(), grant.expiresAt());
    }

    /**
     * Sends a pre-signed request as a client would: 200 when the store accepts it, 403 for a URL it
     * did not sign (another key, method or headers) or one that expired, 400 for an upload body of
     * another length or SHA-256, 404 for a download of a missing object.
     */
    public synchronized Response perform(PresignedRequest request, byte[] body) {
        URI url = request.url();
        String query = Objects.requireNonNullElse(url.getQuery(), "");
        Grant grant = query.startsWith("signature=") ? grants.get(query.substring("signature=".length())) : null;
        String key = url.getPath().isEmpty() ? "" : url.getPath().substring(1);
        if (!"memory".equals(url.getScheme()) || grant == null || !grant.key().equals(key)
                || !grant.method().equals(request.method()) || !grant.headers().equals(request.headers())) {
            return new Response(403, new byte[0]);
        }
        if (clock.instant().isAfter(grant.expiresAt())) {
            return new Response(403, new byte[0]);
        }
        if (grant.method().equals("GET")) {
            StoredBytes stored = objects.get(key);
            return stored == null ? new Response(404, new byte[0]) : new Response(200, stored.bytes().clone());
        }
        if (body.length != grant.size() || !BlobStoreContract.sha256(body).equals(grant.sha256())) {
            return new Response(400, new byte[0]);
        }
        put(key, body);
        return new Response(200, new byte[0]);
    }

    /** Stores bytes under a key unchecked, as an object left behind or a store that checks nothing would. */
    public synchronized void put(String key, byte[] bytes) {
        ObjectStoreChecks.key(key);
        objects.put(key, new StoredBytes(bytes.clone(), clock.instant()));
    }

    /** The object's bytes, if there is one. */
    public synchronized Optional<byte[]> bytes(String key) {
        return Optional.ofNullable(objects.get(key)).map(stored -> stored.bytes().clone());
    }

    /** Every key, in order. */
    public synchronized List<String> keys() {
        return List.copyOf(objects.keySet());
    }

    @Override
    public synchronized Optional<Long> size(String key) {
        ObjectStoreChecks.key(key);
        return Optional.ofNullable(objects.get(key)).map(stored -> (long) stored.bytes().length);
    }

    @Override
    public synchronized Optional<InputStream> open(String key) {
        ObjectStoreChecks.key(key);
        return Optional.ofNullable(objects.get(key)).map(stored -> new ByteArrayInputStream(stored.bytes().clone()));
    }

    @Override
    public synchronized void upload(String key, Path file, Sha256 sha256, String contentType) {
        ObjectStoreChecks.key(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!BlobStoreContract.sha256(bytes).equals(sha256)) {
            throw new BlobStoreException("the bytes for " + key + " do not have the SHA-256 " + sha256.hex(), null);
        }
        put(key, bytes);
    }

    @Override
    public synchronized boolean delete(String key) {
        ObjectStoreChecks.key(key);
        return objects.remove(key) != null;
    }

    /** Visits a snapshot, so the visitor may delete what it is shown. */
    @Override
    public void forEach(String prefix, Consumer<StoredObject> visitor) {
        if (!prefix.isEmpty()) {
            ObjectStoreChecks.key(prefix);
        }
        List<StoredObject> listed = new ArrayList<>();
        synchronized (this) {
            objects.forEach((key, stored) -> {
                if (key.startsWith(prefix)) {
                    listed.add(new StoredObject(key, stored.bytes().length, stored.lastModified()));
                }
            });
        }
        listed.forEach(visitor);
    }
}
