package dev.deckhand.app;

import dev.deckhand.adapter.sqlite.AnkisyncdFolder;
import dev.deckhand.adapter.sqlite.OfficialServerFolder;
import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteMoveInTarget;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.movein.SourceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Data another server left in Deckhand's data folder and nobody has moved in yet: the official
 * server's {@code <name>/collection.anki2} or ankisyncd's {@code collections/<name>/}. Deckhand
 * must not run beside it (it would serve those users an empty collection and invite a device to
 * overwrite the real one), so the server and every admin command refuse, naming the import.
 */
final class OldServerData {

    private static final int NAMES_SHOWN = 5;

    private OldServerData() {}

    /** The one-line refusal, if users in {@code dataFolder} wait to be moved in. */
    static Optional<String> waitingIn(Path dataFolder) {
        List<String> official = possibleUsers(OfficialServerFolder.userFolders(dataFolder));
        List<String> ankisyncd = possibleUsers(AnkisyncdFolder.userFolders(dataFolder));
        if (official.isEmpty() && ankisyncd.isEmpty()) {
            return Optional.empty();
        }
        Set<String> movedIn = movedIn(dataFolder);
        List<String> waitingOfficial = official.stream().filter(name -> !movedIn.contains(name)).toList();
        List<String> waitingAnkisyncd = ankisyncd.stream().filter(name -> !movedIn.contains(name)).toList();
        if (!waitingOfficial.isEmpty()) {
            return Optional.of(refusal(dataFolder, SourceKind.OFFICIAL, "the official Anki sync server", waitingOfficial));
        }
        if (!waitingAnkisyncd.isEmpty()) {
            return Optional.of(refusal(dataFolder, SourceKind.ANKISYNCD, "ankisyncd", waitingAnkisyncd));
        }
        return Optional.empty();
    }

    /** A folder named like no possible user can never be shadowed by one, so it does not block. */
    private static List<String> possibleUsers(List<String> names) {
        return names.stream().filter(name -> {
            try {
                new UserId(name);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        }).toList();
    }

    private static Set<String> movedIn(Path dataFolder) {
        Path database = Deckhand.serverDatabase(dataFolder);
        if (!Files.isRegularFile(database)) {
            return Set.of();
        }
        try (ServerDatabase opened = ServerDatabase.open(database, BuildInfo.current().stamp())) {
            return SqliteMoveInTarget.movedIn(opened);
        }
    }

    private static String refusal(Path dataFolder, SourceKind kind, String server, List<String> users) {
        String names = String.join(", ", users.subList(0, Math.min(NAMES_SHOWN, users.size())))
                + (users.size() > NAMES_SHOWN ? ", ..." : "");
        String command = "deckhand import " + kind.commandName() + " " + dataFolder;
        return "the data folder " + dataFolder + " holds data of " + server + " that is not moved in yet (" + users.size()
                + " user(s): " + names + "); run '" + command + "' to check it, then '" + command + " --apply' to move it in"
                + " (docs/operations.md)";
    }
}
