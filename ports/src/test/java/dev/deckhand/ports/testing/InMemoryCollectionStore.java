package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.CollectionState;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.CollectionStore;
import dev.deckhand.ports.out.StageOutcome;
import dev.deckhand.ports.out.StagedCollection;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.StoredFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collections as byte arrays plus their meta fields, for tests of the sync core. A "valid
 * collection" here is any upload whose bytes start with {@link #VALID_PREFIX}; anything else is
 * refused as corrupt. Uploads carry no meta of their own, so an installed upload keeps the state it
 * was given by {@link #setState}.
 */
public final class InMemoryCollectionStore implements CollectionStore {

    public static final String VALID_PREFIX = "COLLECTION";

    private final Map<UserId, byte[]> files = new ConcurrentHashMap<>();
    private final Map<UserId, CollectionState> states = new ConcurrentHashMap<>();
    private final long createdAtMillis;

    public InMemoryCollectionStore(long createdAtMillis) {
        this.createdAtMillis = createdAtMillis;
    }

    public void setState(UserId user, CollectionState state) {
        states.put(user, state);
    }

    public byte[] file(UserId user) {
        return files.get(user);
    }

    @Override
    public CollectionState open(UserId user) {
        files.computeIfAbsent(user, u -> (VALID_PREFIX + " empty").getBytes(StandardCharsets.US_ASCII));
        return states.computeIfAbsent(user, u -> new CollectionState(0, createdAtMillis, 0, false, files.get(u).length));
    }

    @Override
    public StageOutcome stage(UserId user, InputStream uploaded, long maxBytes) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = uploaded.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
                if (received.size() >= maxBytes) {
                    return new StageOutcome.Refused(StageOutcome.Reason.TOO_LARGE, "limit " + maxBytes);
                }
            }
        } catch (IOException e) {
            return new StageOutcome.Refused(StageOutcome.Reason.BODY_UNREADABLE, e.getMessage());
        }
        byte[] bytes = received.toByteArray();
        if (!new String(bytes, StandardCharsets.US_ASCII).startsWith(VALID_PREFIX)) {
            return new StageOutcome.Refused(StageOutcome.Reason.CORRUPT, "not a collection");
        }
        return new StageOutcome.Staged(new Staged(user, bytes));
    }

    @Override
    public void install(StagedCollection staged) {
        Staged ours = (Staged) staged;
        files.put(ours.user(), ours.bytes);
    }

    @Override
    public StoredFile prepareDownload(UserId user, long nowMillis) {
        CollectionState state = open(user);
        states.put(user, new CollectionState(nowMillis, state.schemaMillis(), state.usn() + 1, state.hasCards(), state.sizeBytes()));
        return storedFile(files.get(user));
    }

    /**
     * Like SqliteCollectionStore's, the snapshot is the stored collection itself, not a copy: once
     * {@link #remove} deletes it, reading the snapshot fails as reading a deleted file does.
     */
    @Override
    public StoredFile snapshot(UserId user) {
        open(user);
        return new StoredFile() {
            @Override
            public long sizeBytes() {
                return stored(user).length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(stored(user));
            }
        };
    }

    private byte[] stored(UserId user) {
        byte[] bytes = files.get(user);
        if (bytes == null) {
            throw new StorageException("the collection of " + user.name() + " was removed");
        }
        return bytes;
    }

    @Override
    public void remove(UserId user) {
        files.remove(user);
        states.remove(user);
    }

    private static StoredFile storedFile(byte[] bytes) {
        return new StoredFile() {
            @Override
            public long sizeBytes() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    private record Staged(UserId user, byte[] bytes) implements StagedCollection {
        @Override
        public void close() {}
    }
}
