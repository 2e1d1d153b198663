package dev.deckhand.adapter.sqlite;

import dev.deckhand.adapter.sqlite.internal.OldServerFiles;
import dev.deckhand.ports.movein.MoveInSource;
import dev.deckhand.ports.movein.SourceKind;
import dev.deckhand.ports.movein.SourceMediaRow;
import dev.deckhand.ports.movein.SourceUser;
import dev.deckhand.ports.out.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The data folder of the official sync server ({@code SYNC_BASE}): per user
 * {@code <name>/collection.anki2}, {@code <name>/media/} and the media database
 * {@code <name>/media.db}, each database with its {@code -wal} beside it. The server makes a user's
 * folder at start-up for every {@code SYNC_USERn}, with the name verbatim as the path.
 *
 * <p>{@code media.db} has {@code media(fname, csum, size, usn, mtime)}, where {@code csum} is the
 * raw SHA-1, {@code size} 0 marks a deletion (the hash is kept), and {@code meta(last_usn, ...)}
 * holds the media USN devices were told.
 */
public final class OfficialServerFolder {

    static final String COLLECTION = "collection.anki2";
    static final String MEDIA_DATABASE = "media.db";
    static final String MEDIA_FOLDER = "media";

    private OfficialServerFolder() {}

    /**
     * Reads the folder.
     *
     * @param declaredNames the names of {@code SYNC_USERn}: their folders belong to the move even
     *     where the scan would not find them (a name with {@code /} nests its folder)
     * @param scratch an empty folder for copies of the databases, removed when the source is closed
     */
    public static MoveInSource open(Path base, Collection<String> declaredNames, Path scratch) {
        Path root = base.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new StorageException(root + " is not a folder");
        }
        Map<String, Optional<Path>> folders = new TreeMap<>();
        for (String name : userFolders(root)) {
            folders.put(name, Optional.of(root.resolve(name)));
        }
        for (String name : declaredNames) {
            folders.computeIfAbsent(name, n -> OldServerFiles.userFolder(root, n));
        }
        List<SourceUser> users = new ArrayList<>();
        int copies = 0;
        for (Map.Entry<String, Optional<Path>> entry : folders.entrySet()) {
            Path copyFolder = scratch.resolve("official-" + copies++);
            users.add(entry.getValue().isEmpty()
                    ? outside(entry.getKey(), root)
                    : readUser(entry.getKey(), entry.getValue().get(), copyFolder));
        }
        return new OldServerSource(SourceKind.OFFICIAL, root, MEDIA_FOLDER, scratch, users);
    }

    /** Names of the folders in {@code base} that the official server made for a user. */
    public static List<String> userFolders(Path base) {
        return OldServerFiles.foldersHolding(base, COLLECTION, MEDIA_DATABASE);
    }

    private static SourceUser outside(String name, Path root) {
        return new SourceUser(name, Optional.empty(), Optional.of("the official server kept this user's files outside " + root
                + " (the name is used as a path); move them in by hand or rename the user"), Optional.empty(), 0, List.of(),
                Optional.empty(), List.of());
    }

    private static SourceUser readUser(String name, Path folder, Path copyFolder) {
        return OldServerFiles.readUser(name, folder, copyFolder, COLLECTION, MEDIA_DATABASE,
                OfficialServerFolder::readMediaDatabase, Optional.empty(), List.of());
    }

    private static OldServerFiles.Media readMediaDatabase(Path copy) throws SQLException {
        try (Connection connection = OldServerFiles.openCopy(copy); Statement statement = connection.createStatement()) {
            int usn;
            try (ResultSet rs = statement.executeQuery("SELECT last_usn FROM meta")) {
                if (!rs.next()) {
                    throw new SQLException("its meta table is empty");
                }
                usn = rs.getInt(1);
            }
            List<SourceMediaRow> rows = new ArrayList<>();
            HexFormat hex = HexFormat.of();
            try (ResultSet rs = statement.executeQuery("SELECT fname, csum, size, usn, mtime FROM media ORDER BY usn, fname")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    byte[] csum = rs.getBytes(2);
                    boolean deleted = rs.getLong(3) == 0;
                    String sha1 = csum != null && csum.length == 20 ? hex.formatHex(csum) : "";
                    if (!deleted && sha1.isEmpty()) {
                        throw new SQLException("the checksum of " + OldServerFiles.shown(name) + " is not a SHA-1");
                    }
                    rows.add(new SourceMediaRow(name, sha1, deleted, rs.getInt(4), rs.getLong(5)));
                }
            }
            return new OldServerFiles.Media(usn, rows);
        }
    }
}
