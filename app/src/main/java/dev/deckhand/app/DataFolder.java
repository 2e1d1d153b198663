package dev.deckhand.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data folder's safety rules. It holds password hashes and everyone's collections, so it is
 * private to the account Deckhand runs as: the folder 0700, the server database 0600 (the launcher,
 * the systemd unit and the container also set umask 077, so everything else created inside is
 * private too). Only the server (and {@code import --apply}) creates a data folder; an admin command
 * run with the wrong settings must not quietly make a second one that the server never reads. And
 * none of them runs on a folder where another server's data waits to be moved in.
 */
final class DataFolder {

    private static final Logger LOG = LoggerFactory.getLogger(DataFolder.class);
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private DataFolder() {}

    /**
     * For the server: creates the folder if needed, makes it private, and checks it is writable.
     * Refuses a folder holding another server's data that is not moved in yet.
     */
    static Path prepareForServer(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        refuseOldServerData(absolute);
        return prepare(absolute);
    }

    /** For {@code import --apply}: like the server, but the folder may hold the data being moved in. */
    static Path prepareForMoveIn(Path folder) {
        return prepare(folder.toAbsolutePath().normalize());
    }

    private static Path prepare(Path absolute) {
        try {
            if (!Files.isDirectory(absolute)) {
                Files.createDirectories(absolute);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot create the data folder " + absolute + ": " + reason(e));
        }
        restrict(absolute, FOLDER);
        Path database = Deckhand.serverDatabase(absolute);
        try {
            if (!Files.exists(database)) {
                Files.createFile(database, PosixFilePermissions.asFileAttribute(FILE));
            }
        } catch (IOException e) {
            throw new ConfigException("the data folder " + absolute + " is not writable by this user: " + reason(e));
        }
        restrict(database, FILE);
        if (!Files.isWritable(database)) {
            throw new ConfigException("the server database " + database + " is not writable by this user");
        }
        return absolute;
    }

    /**
     * For admin commands: the server's existing data folder, never a new one. Refuses a folder the
     * server has not made, naming the path and the settings that chose it.
     */
    static Path existing(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        refuseOldServerData(absolute);
        if (!Files.isRegularFile(Deckhand.serverDatabase(absolute))) {
            throw new ConfigException("no Deckhand data folder at " + absolute + " (from DECKHAND_DATA_DIR, SYNC_BASE or"
                    + " the settings file, else ./data). Point DECKHAND_DATA_DIR at the server's data folder,"
                    + " or start the server once to create it.");
        }
        return absolute;
    }

    private static void refuseOldServerData(Path absolute) {
        Optional<String> waiting = OldServerData.waitingIn(absolute);
        if (waiting.isPresent()) {
            throw new ConfigException(waiting.get());
        }
    }

    /** Narrows a path's permissions when they are wider than {@code wanted}, saying so. */
    private static void restrict(Path path, Set<PosixFilePermission> wanted) {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system; nothing to narrow
        }
        try {
            Set<PosixFilePermission> current = view.readAttributes().permissions();
            if (!wanted.containsAll(current)) {
                view.setPermissions(wanted);
                LOG.warn("{} was readable by others ({}); narrowed it to {}", path, PosixFilePermissions.toString(current),
                        PosixFilePermissions.toString(wanted));
            }
        } catch (IOException e) {
            throw new ConfigException("cannot set the permissions of " + path + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        return e.getClass().getSimpleName().replace("Exception", "") + " " + e.getMessage();
    }
}
