package dev.deckhand.app;

import dev.deckhand.adapter.filesystem.FilesystemBlobStore;
import dev.deckhand.adapter.passwords.Pbkdf2PasswordHashing;
import dev.deckhand.adapter.sqlite.AnkisyncdFolder;
import dev.deckhand.adapter.sqlite.OfficialServerFolder;
import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteMoveInTarget;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.movein.DeclaredAccount;
import dev.deckhand.ports.movein.MoveInReport;
import dev.deckhand.ports.movein.MoveInSource;
import dev.deckhand.ports.movein.SourceKind;
import dev.deckhand.ports.out.BlobStore;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.sync.movein.MoveInService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Wires {@code deckhand import}: the old server's folder, Deckhand's data folder and blob store,
 * and the move-in service between them. The old folder is only read; copies of its databases go to
 * a private temporary folder that is removed afterwards. A dry run writes nothing to the data
 * folder: it stages in the temporary folder and checks against a copy of the server database (or,
 * before the server has run, an empty one) there.
 */
final class MoveIns {

    private MoveIns() {}

    static MoveInReport run(ServerConfig config, SourceKind kind, Path folder, boolean apply) {
        Path source = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(source)) {
            throw new ConfigException(source + " is not a folder");
        }
        List<DeclaredAccount> declared = config.environmentUsers().stream()
                .map(user -> new DeclaredAccount(user.user(), user.credential()))
                .toList();
        Path scratch = temporaryFolder();
        try (MoveInSource from = open(kind, source, declared, scratch.resolve("source"))) {
            return apply ? apply(config, from, declared) : dryRun(config, from, declared, scratch);
        } finally {
            deleteTree(scratch);
        }
    }

    private static MoveInReport apply(ServerConfig config, MoveInSource from, List<DeclaredAccount> declared) {
        Path data = DataFolder.prepareForMoveIn(config.dataFolder());
        try (ServerDatabase database = Deckhand.openServerDatabase(data)) {
            BlobStore blobs = Deckhand.blobStore(data, config.s3());
            try {
                SqliteMoveInTarget target = new SqliteMoveInTarget(data, database, data.resolve("tmp").resolve("move-in"),
                        Clock.systemUTC(), new Pbkdf2PasswordHashing());
                return new MoveInService(from, target, blobs, declared).apply();
            } finally {
                if (blobs instanceof AutoCloseable closeable) {
                    closeQuietly(closeable);
                }
            }
        }
    }

    private static MoveInReport dryRun(ServerConfig config, MoveInSource from, List<DeclaredAccount> declared, Path scratch) {
        Path data = config.dataFolder().toAbsolutePath().normalize();
        Path database = copyOfServerDatabase(Deckhand.serverDatabase(data), scratch);
        try (ServerDatabase opened = ServerDatabase.open(database, BuildInfo.current().stamp())) {
            SqliteMoveInTarget target = new SqliteMoveInTarget(data, opened, scratch.resolve("staging"), Clock.systemUTC(),
                    new Pbkdf2PasswordHashing());
            // A dry run stores no blob; this store in the temporary folder only completes the wiring.
            BlobStore unused = new FilesystemBlobStore(scratch.resolve("blobs"));
            return new MoveInService(from, target, unused, declared).dryRun();
        }
    }

    /** Opening the real one would bring its schema up to date, a change a dry run must not make. */
    private static Path copyOfServerDatabase(Path database, Path scratch) {
        Path copy = scratch.resolve("deckhand.sqlite");
        try {
            if (Files.isRegularFile(database)) {
                Files.copy(database, copy);
                Path log = database.resolveSibling(database.getFileName() + "-wal");
                if (Files.isRegularFile(log)) {
                    Files.copy(log, copy.resolveSibling(copy.getFileName() + "-wal"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + database, e);
        }
        return copy;
    }

    /** A folder of the wrong kind is a mistake in the command, said in one line like any other. */
    private static MoveInSource open(SourceKind kind, Path source, List<DeclaredAccount> declared, Path copies) {
        try {
            return switch (kind) {
                case OFFICIAL -> OfficialServerFolder.open(source,
                        declared.stream().map(DeclaredAccount::user).map(UserId::name).toList(), copies);
                case ANKISYNCD -> AnkisyncdFolder.open(source, copies);
            };
        } catch (StorageException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("deckhand-import-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder", e);
        }
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // A left-over temporary folder is private (0700) and harmless.
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Nothing was pending; the command ends next.
        }
    }
}
