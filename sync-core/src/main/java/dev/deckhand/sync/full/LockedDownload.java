package dev.deckhand.sync.full;

import dev.deckhand.ports.in.CollectionDownload;
import dev.deckhand.ports.out.StoredFile;
import dev.deckhand.sync.lock.UserLocks;
import java.io.InputStream;

/** A download that keeps the user's lock until it is closed. */
final class LockedDownload implements CollectionDownload {

    private final StoredFile file;
    private final UserLocks.Held lock;

    LockedDownload(StoredFile file, UserLocks.Held lock) {
        this.file = file;
        this.lock = lock;
    }

    @Override
    public long sizeBytes() {
        return file.sizeBytes();
    }

    @Override
    public InputStream content() {
        return file.open();
    }

    @Override
    public void close() {
        lock.close();
    }
}
