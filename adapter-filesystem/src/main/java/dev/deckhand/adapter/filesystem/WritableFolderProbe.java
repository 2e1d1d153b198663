package dev.deckhand.adapter.filesystem;

import dev.deckhand.ports.out.BackendProbe;
import dev.deckhand.ports.out.BackendUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Whether a folder on local disk takes new files: writes a small file there and removes it. A folder
 * that does not exist yet is checked where it would be created (its nearest existing parent), so the
 * check changes nothing that the server would not create anyway.
 */
public final class WritableFolderProbe implements BackendProbe {

    private static final byte[] CONTENT = "deckhand readiness check\n".getBytes(StandardCharsets.US_ASCII);

    private final String name;
    private final Path folder;

    public WritableFolderProbe(String name, Path folder) {
        this.name = Objects.requireNonNull(name, "name");
        this.folder = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void check(Duration timeout) {
        Path existing = folder;
        while (!Files.isDirectory(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        Path probe = null;
        try {
            probe = Files.createTempFile(existing, ".ready-", ".probe");
            Files.write(probe, CONTENT);
        } catch (IOException e) {
            throw new BackendUnavailableException("cannot write a file in " + existing + ": " + reason(e), e);
        } finally {
            removeQuietly(probe);
        }
    }

    private static void removeQuietly(Path probe) {
        if (probe != null) {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                // the write already failed or succeeded; a left-over probe file is harmless and tiny
            }
        }
    }

    private static String reason(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
