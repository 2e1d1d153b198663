package dev.deckhand.adapter.sqlite.internal;

import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.ports.movein.SourceMediaRow;
import dev.deckhand.ports.movein.SourceUser;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reading an old server's folder without changing it. Its SQLite files are never opened in place:
 * opening a database in write-ahead-log mode creates files beside it, and closing it folds the log
 * in. They are copied together with their {@code -wal} (which holds the latest commits until it is
 * folded in) and the copies are read.
 */
public final class OldServerFiles {

    private OldServerFiles() {}

    /** The media ledger an old server kept for one user, read from a copy of its database. */
    public record Media(int usn, List<SourceMediaRow> rows) {}

    /** Reads one layout's media database (a copy of it). */
    @FunctionalInterface
    public interface MediaReader {
        Media read(Path copy) throws SQLException;
    }

    /**
     * One user of an old server as its folder holds it: the collection, and the media ledger read
     * from a copy of {@code mediaDatabase}. A folder that does not exist is a declared account the
     * server never ran with: nothing to carry but the account. Problems are reported, not thrown,
     * so one broken user holds the move without hiding the others.
     */
    public static SourceUser readUser(String name, Path folder, Path copyFolder, String collectionFile, String mediaDatabase,
            MediaReader reader, Optional<String> password, List<String> hostKeys) {
        if (!Files.exists(folder)) {
            return new SourceUser(name, Optional.empty(), Optional.empty(), Optional.empty(), 0, List.of(), password,
                    hostKeys);
        }
        Optional<String> problem = folderProblem(folder);
        Optional<Path> collection = plainFile(folder, collectionFile);
        Optional<Path> database = plainFile(folder, mediaDatabase);
        Media media = new Media(0, List.of());
        if (problem.isEmpty() && database.isEmpty() && collection.isPresent()) {
            // Devices remember the media USN; without the database Deckhand would report a lower one
            // and they would silently miss later changes.
            problem = Optional.of(mediaDatabase + " is missing beside " + collectionFile + "; copy the user's whole"
                    + " folder, " + mediaDatabase + "-wal included");
        }
        if (problem.isEmpty() && database.isPresent()) {
            try {
                Files.createDirectories(copyFolder);
                media = reader.read(copyWithLog(database.get(), copyFolder, mediaDatabase));
            } catch (IOException | SQLException | IllegalArgumentException e) {
                problem = Optional.of("cannot read " + database.get() + ": " + e.getMessage());
            }
        }
        return new SourceUser(name, Optional.of(folder), problem, collection, media.usn(), media.rows(), password,
                hostKeys);
    }

    /**
     * Copies {@code database} and its write-ahead log into {@code folder} as {@code name}; the
     * shared-memory file is left behind, so SQLite rebuilds it from the log when the copy is opened.
     */
    public static Path copyWithLog(Path database, Path folder, String name) throws IOException {
        Path copy = folder.resolve(name);
        Files.copy(database, copy, StandardCopyOption.REPLACE_EXISTING);
        Path wal = CollectionFiles.sibling(database, "-wal");
        Path walCopy = CollectionFiles.sibling(copy, "-wal");
        if (Files.isRegularFile(wal, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(wal, walCopy, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.deleteIfExists(walCopy);
        }
        return copy;
    }

    /** Opens a copy taken by {@link #copyWithLog}; it may be changed freely. */
    public static Connection openCopy(Path copy) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + copy.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA trusted_schema = OFF");
        }
        return connection;
    }

    /** The direct subfolders of {@code parent} that hold one of {@code markers}; symbolic links count. */
    public static List<String> foldersHolding(Path parent, String... markers) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (Stream<Path> entries = Files.list(parent)) {
            entries.filter(Files::isDirectory)
                    .filter(folder -> Stream.of(markers).anyMatch(marker -> Files.exists(folder.resolve(marker))))
                    .forEach(folder -> names.add(folder.getFileName().toString()));
        } catch (IOException e) {
            throw new StorageException("cannot list " + parent, e);
        }
        names.sort(null);
        return names;
    }

    /**
     * Where an old server kept a user's files: {@code parent/name}, taken verbatim as both servers
     * do. Empty if that is not strictly inside {@code parent} (a name such as {@code ../x}).
     */
    public static Optional<Path> userFolder(Path parent, String name) {
        try {
            Path folder = parent.resolve(name).normalize();
            return folder.startsWith(parent) && !folder.equals(parent) ? Optional.of(folder) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** Why a user folder cannot be read safely, if it cannot. */
    public static Optional<String> folderProblem(Path folder) {
        if (Files.isSymbolicLink(folder)) {
            return Optional.of(folder + " is a symbolic link; put the real folder there");
        }
        return Optional.empty();
    }

    /** A regular file in {@code folder}, not reached through a symbolic link; empty if there is none. */
    public static Optional<Path> plainFile(Path folder, String name) {
        Path file = folder.resolve(name);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Optional.of(file) : Optional.empty();
    }

    /** A media file name both servers would have written: one path segment, nothing special. */
    public static boolean isPlainFileName(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        return name.chars().noneMatch(c -> c == '/' || c == '\\' || c == 0);
    }

    /** Opens {@code mediaFolder/name} for reading; refuses names and files a server would not have made. */
    public static InputStream openMedia(Path mediaFolder, String name) {
        if (!isPlainFileName(name)) {
            throw new StorageException("the media database lists a file name that is not a plain file name: " + shown(name));
        }
        Path file = mediaFolder.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new StorageException(name + " is listed in the media database but is not a file in " + mediaFolder);
        }
        try {
            return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new StorageException("cannot read " + file, e);
        }
    }

    /** Deletes a folder of copies and everything in it. */
    public static void deleteTree(Path folder) {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new StorageException("cannot remove " + folder, e);
        }
    }

    public static String shown(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().limit(80).forEach(c -> shown.append(Character.isISOControl(c) ? "\\u%04x".formatted(c) : Character.toString(c)));
        return "'" + shown + "'";
    }
}
