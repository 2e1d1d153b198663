package dev.deckhand.app.backup;

import dev.deckhand.ports.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Objects;

/** A file's SHA-256 and size, as a manifest records them. */
record FileDigest(Sha256 sha256, long size) {

    FileDigest {
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative");
        }
    }

    static FileDigest of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(in);
        }
    }

    /** Reads {@code in} to its end. */
    static FileDigest of(InputStream in) throws IOException {
        return copy(in, OutputStream.nullOutputStream());
    }

    /** Copies {@code source} to the new file {@code target} (private to this account, synced to disk). */
    static FileDigest copy(Path source, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = Files.newInputStream(source);
                FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            PrivateFiles.restrict(target);
            FileDigest digest = copy(in, Channels.newOutputStream(channel));
            channel.force(true);
            return digest;
        }
    }

    private static FileDigest copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest sha256 = Sha256.newDigest();
        long size = new DigestInputStream(in, sha256).transferTo(out);
        return new FileDigest(Sha256.of(sha256), size);
    }
}
