package dev.deckhand.app.backup;

import dev.deckhand.adapter.sqlite.SqliteMediaLedger;
import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.adapter.sqlite.collection.ColpkgWriter;
import dev.deckhand.adapter.sqlite.collection.SqliteSnapshots;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A user's collection and media as one {@code .colpkg} file that Anki imports (File → Import), for
 * an operator to hand people their own data. Made while the server runs: the collection is one
 * consistent snapshot, the media are the user's live files at that moment.
 */
public final class UserExport {

    private final CollectionFiles collections;
    private final SqliteMediaLedger ledger;
    private final BlobStore blobs;

    public UserExport(CollectionFiles collections, SqliteMediaLedger ledger, BlobStore blobs) {
        this.collections = Objects.requireNonNull(collections, "collections");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
    }

    /**
     * Writes the user's package to {@code target}, which must not exist; it appears only when complete.
     *
     * @throws BackupException if the user has no collection, or the target exists
     */
    public ColpkgWriter.Contents write(UserId user, Path target) {
        Path collection = collections.collection(user);
        if (!Files.isRegularFile(collection)) {
            throw new BackupException(user.name() + " has no collection on this server (no device of theirs has synced)");
        }
        Path file = target.toAbsolutePath().normalize();
        if (Files.exists(file)) {
            throw new BackupException(file + " exists already; choose a new file name");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory(file.getParent(), ".export-");
            Path snapshot = work.resolve("collection.anki2");
            SqliteSnapshots.copy(collection, snapshot);
            Path packaged = work.resolve("package.colpkg");
            ColpkgWriter.Contents contents;
            try (FileChannel channel = FileChannel.open(packaged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                contents = ColpkgWriter.write(snapshot, ledger.liveFiles(user), blobs, out);
                out.flush();
                channel.force(true);
            }
            Files.move(packaged, file, StandardCopyOption.ATOMIC_MOVE);
            return contents;
        } catch (IOException | StorageException e) {
            throw new BackupException("cannot export " + user.name() + " to " + file + ": " + Failures.describe(e), e);
        } finally {
            if (work != null) {
                try {
                    PrivateFiles.deleteTree(work);
                } catch (IOException e) {
                    // A stray .export- folder beside the package is harmless.
                }
            }
        }
    }
}
