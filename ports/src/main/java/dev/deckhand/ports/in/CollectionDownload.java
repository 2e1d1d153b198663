package dev.deckhand.ports.in;

import java.io.InputStream;

/**
 * A collection file ready to be sent to a client. The user's sync lock is held until
 * {@link #close()}, so the file cannot be replaced while it is being read.
 */
public interface CollectionDownload extends AutoCloseable {

    /** Exact number of bytes {@link #content()} yields. */
    long sizeBytes();

    /** The file's bytes; may be called once. */
    InputStream content();

    /** Releases the file and the user's lock; idempotent. */
    @Override
    void close();
}
