package dev.deckhand.ports.planted;

import java.io.IOException;
import java.nio.file.Path;

/** Planted violation: a port that fails in java.io's terms instead of its own. */
public interface PortThrowingIoException {
    byte[] read(Path file) throws IOException;
}
