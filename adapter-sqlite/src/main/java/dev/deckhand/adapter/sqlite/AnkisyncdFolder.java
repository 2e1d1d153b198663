package dev.deckhand.adapter.sqlite;

import dev.deckhand.adapter.sqlite.internal.OldServerFiles;
import dev.deckhand.ports.movein.MoveInSource;
import dev.deckhand.ports.movein.SourceKind;
import dev.deckhand.ports.movein.SourceMediaRow;
import dev.deckhand.ports.movein.SourceUser;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The working folder of ankisyncd: {@code collections/<name>/collection.anki2} with the media in
 * {@code collection.media/} and their ledger in {@code collection.media.server.db}, and beside
 * {@code collections/} the accounts ({@code auth.db}) and the host keys devices were given
 * ({@code session.db}), where present.
 *
 * <p>Its media ledger is {@code media(fname, usn, csum)}: {@code csum} is the hex SHA-1, NULL for a
 * deletion; the media USN is the highest row USN and no times are kept. Host keys were random, so
 * the only way devices keep theirs is the session table ({@code hkey -> username}).
 */
public final class AnkisyncdFolder {

    static final String COLLECTIONS = "collections";
    static final String COLLECTION = "collection.anki2";
    static final String MEDIA_DATABASE = "collection.media.server.db";
    static final String MEDIA_FOLDER = "collection.media";
    static final String AUTH_DATABASE = "auth.db";
    static final String SESSION_DATABASE = "session.db";

    private AnkisyncdFolder() {}

    /**
     * Reads the folder that holds {@code collections/}.
     *
     * @param scratch an empty folder for copies of the databases, removed when the source is closed
     */
    public static MoveInSource open(Path base, Path scratch) {
        Path root = base.toAbsolutePath().normalize();
        Path collections = root.resolve(COLLECTIONS);
        if (!Files.isDirectory(collections)) {
            throw new StorageException(root + " has no " + COLLECTIONS + "/ folder, so it is not ankisyncd's working folder");
        }
        try {
            Files.createDirectories(scratch);
            Map<String, String> passwords = OldServerFiles.plainFile(root, AUTH_DATABASE).isPresent()
                    ? readAuth(OldServerFiles.copyWithLog(root.resolve(AUTH_DATABASE), scratch, AUTH_DATABASE))
                    : Map.of();
            Map<String, List<String>> sessions = OldServerFiles.plainFile(root, SESSION_DATABASE).isPresent()
                    ? readSessions(OldServerFiles.copyWithLog(root.resolve(SESSION_DATABASE), scratch, SESSION_DATABASE))
                    : Map.of();
            TreeSet<String> names = new TreeSet<>(userFolders(root));
            names.addAll(passwords.keySet());
            names.addAll(sessions.keySet());
            List<SourceUser> users = new ArrayList<>();
            int copies = 0;
            for (String name : names) {
                Optional<String> password = Optional.ofNullable(passwords.get(name));
                List<String> keys = sessions.getOrDefault(name, List.of());
                Optional<Path> folder = OldServerFiles.userFolder(collections, name);
                users.add(folder.isEmpty()
                        ? new SourceUser(name, Optional.empty(), Optional.of("ankisyncd kept this user's files outside "
                                + collections + " (the name is used as a path); move them in by hand or rename the user"),
                                Optional.empty(), 0, List.of(), password, keys)
                        : readUser(name, folder.get(), scratch.resolve("ankisyncd-" + copies++), password, keys));
            }
            return new OldServerSource(SourceKind.ANKISYNCD, root, MEDIA_FOLDER, scratch, users);
        } catch (IOException | SQLException e) {
            throw new StorageException("cannot read ankisyncd's accounts or sessions in " + root + ": " + e.getMessage(), e);
        }
    }

    /** Names of the user folders under {@code base/collections}. */
    public static List<String> userFolders(Path base) {
        return OldServerFiles.foldersHolding(base.resolve(COLLECTIONS), COLLECTION, MEDIA_DATABASE);
    }

    private static SourceUser readUser(String name, Path folder, Path copyFolder, Optional<String> password, List<String> keys) {
        return OldServerFiles.readUser(name, folder, copyFolder, COLLECTION, MEDIA_DATABASE, AnkisyncdFolder::readMedia,
                password, keys);
    }

    /** ankisyncd keeps no media USN of its own: devices were told the highest row's. */
    private static OldServerFiles.Media readMedia(Path copy) throws SQLException {
        List<SourceMediaRow> rows = new ArrayList<>();
        try (Connection connection = OldServerFiles.openCopy(copy);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT fname, usn, csum FROM media ORDER BY usn, fname")) {
            while (rs.next()) {
                String name = rs.getString(1);
                String csum = rs.getString(3);
                String sha1 = csum == null ? "" : csum.toLowerCase(Locale.ROOT);
                if (csum != null && !sha1.matches("[0-9a-f]{40}")) {
                    throw new SQLException("the checksum of " + OldServerFiles.shown(name) + " is not a SHA-1");
                }
                rows.add(new SourceMediaRow(name, sha1, csum == null, rs.getInt(2), 0));
            }
        }
        return new OldServerFiles.Media(rows.stream().mapToInt(SourceMediaRow::usn).max().orElse(0), rows);
    }

    /** {@code auth(username, hash)}; ankisyncd's oldest schema named the first column {@code user}. */
    private static Map<String, String> readAuth(Path copy) throws SQLException {
        Map<String, String> hashes = new HashMap<>();
        try (Connection connection = OldServerFiles.openCopy(copy); Statement statement = connection.createStatement()) {
            boolean oldSchema;
            try (ResultSet rs = statement.executeQuery("SELECT name FROM pragma_table_info('auth') WHERE name = 'user'")) {
                oldSchema = rs.next();
            }
            try (ResultSet rs = statement.executeQuery(oldSchema ? "SELECT user, hash FROM auth" : "SELECT username, hash FROM auth")) {
                while (rs.next()) {
                    if (rs.getString(1) != null && rs.getString(2) != null) {
                        hashes.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return hashes;
    }

    private static Map<String, List<String>> readSessions(Path copy) throws SQLException {
        Map<String, List<String>> keys = new HashMap<>();
        try (Connection connection = OldServerFiles.openCopy(copy);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT hkey, username FROM session ORDER BY hkey")) {
            while (rs.next()) {
                if (rs.getString(1) != null && rs.getString(2) != null) {
                    keys.computeIfAbsent(rs.getString(2), name -> new ArrayList<>()).add(rs.getString(1));
                }
            }
        }
        return keys;
    }
}
