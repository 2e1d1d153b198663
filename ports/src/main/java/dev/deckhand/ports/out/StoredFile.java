package dev.deckhand.ports.out;

import java.io.InputStream;

/** A stored file's size and a way to read it. */
public interface StoredFile {

    long sizeBytes();

    /** Opens the file for reading; the caller closes the stream. */
    InputStream open();
}
