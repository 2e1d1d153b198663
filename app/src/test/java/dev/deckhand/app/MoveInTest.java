package dev.deckhand.app;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteMediaLedger;
import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.MediaState;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.movein.AccountPlan;
import dev.deckhand.ports.movein.MoveInReport;
import dev.deckhand.ports.movein.SourceKind;
import dev.deckhand.ports.movein.UserOutcome;
import dev.deckhand.ports.movein.UserReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deckhand import official}, wired as the command wires it, on a data folder built like the
 * official server's: the dry run, the move, a second move, refusals, and a server that then serves
 * the moved-in users with their old host keys.
 */
class MoveInTest {

    private static final byte[] CAT = "cat picture bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DOG = "dog picture bytes".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GONE = "deleted long ago".getBytes(StandardCharsets.UTF_8);
    private static final String META = "{\"v\":11,\"cv\":\"anki,26.9.3 (29bb700b),lin:ubuntu\"}";

    @TempDir Path temp;
    private OfficialServerFolderBuilder official;

    @BeforeEach
    void officialServerData() throws Exception {
        official = new OfficialServerFolderBuilder(temp.resolve("sync-base"))
                .collection("alice", 7, 3, 5, 1_796_337_868_318L)
                .media("alice", 5)
                .file("alice", "cat.png", CAT, 1)
                .deletion("alice", "doomed.txt", GONE, 4)
                .file("alice", "later.jpg", DOG, 5)
                .collection("bob", 3, 1, 1, 1_796_337_867_972L)
                .media("bob", 1)
                .file("bob", "dog.png", DOG, 1);
    }

    private ServerConfig config(Path data, String... users) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DECKHAND_DATA_DIR", data.toString());
        env.put("DECKHAND_HOST", "127.0.0.1");
        env.put("DECKHAND_PORT", "0");
        for (int i = 0; i < users.length; i++) {
            env.put("SYNC_USER" + (i + 1), users[i]);
        }
        return ServerConfig.fromEnv(env);
    }

    private static UserReport user(MoveInReport report, String name) {
        return report.users().stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aDryRunChecksEverythingAndChangesNothing() throws Exception {
        Path data = temp.resolve("deckhand");
        Map<Path, String> before = listing(official.base());

        MoveInReport report = MoveIns.run(config(data, "alice:apass", "bob:bpass"), SourceKind.OFFICIAL, official.base(), false);

        assertThat(report.applied()).isFalse();
        assertThat(report.complete()).isTrue();
        UserReport alice = user(report, "alice");
        assertThat(alice.outcome()).isEqualTo(new UserOutcome.Ready());
        assertThat(alice.collection()).hasValueSatisfying(c -> {
            assertThat(c.notes()).isEqualTo(7);
            assertThat(c.reviews()).isEqualTo(3);
            assertThat(c.usn()).isEqualTo(5);
            assertThat(c.modMillis()).isEqualTo(1_796_337_868_318L);
        });
        assertThat(alice.media()).hasValueSatisfying(m -> {
            assertThat(m.files()).isEqualTo(2);
            assertThat(m.deletions()).isEqualTo(1);
            assertThat(m.usn()).isEqualTo(5);
        });
        assertThat(alice.account()).isEqualTo(AccountPlan.FROM_SETTINGS);
        assertThat(alice.hostKeys()).isEqualTo(1);
        assertThat(data).doesNotExist();
        assertThat(listing(official.base())).isEqualTo(before);
    }

    @Test
    void movesInPlaceSoTheSameDevicesKeepSyncing() throws Exception {
        Path data = official.base(); // SYNC_BASE reused: Deckhand's data folder is the old server's
        ServerConfig config = config(data, "alice:apass", "bob:bpass");
        assertThatThrownBy(() -> DataFolder.prepareForServer(data))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("deckhand import official " + data)
                .hasMessageContaining("alice, bob");
        Map<Path, String> oldFiles = listing(data.resolve("alice"));

        MoveInReport report = MoveIns.run(config, SourceKind.OFFICIAL, official.base(), true);

        assertThat(report.users()).extracting(UserReport::outcome)
                .containsOnly(new UserOutcome.MovedIn());
        assertThat(listing(data.resolve("alice"))).as("the old files are left in place").isEqualTo(oldFiles);
        try (ServerDatabase database = ServerDatabase.open(data.resolve("deckhand.sqlite"), STAMP)) {
            SqliteMediaLedger ledger = new SqliteMediaLedger(database);
            UserId alice = new UserId("alice");
            assertThat(ledger.state(alice)).isEqualTo(new MediaState(5, 2, CAT.length + DOG.length));
            assertThat(ledger.changesAfter(alice, 0, 10)).containsExactly(
                    new MediaChange("cat.png", 1, sha1Hex(CAT)),
                    new MediaChange("doomed.txt", 4, ""),
                    new MediaChange("later.jpg", 5, sha1Hex(DOG)));
        }

        // The server starts now, and answers the key alice's devices got from the official server.
        try (Deckhand deckhand = Deckhand.start(config)) {
            SyncTestClient client = new SyncTestClient(deckhand.port());
            String meta = client.call("meta", sha1Hex("alice:apass".getBytes(StandardCharsets.UTF_8)), META).text();
            assertThat(meta).contains("\"mod\":1796337868318", "\"usn\":5", "\"media_usn\":5");
            assertThat(client.call("meta", sha1Hex("bob:bpass".getBytes(StandardCharsets.UTF_8)), META).text())
                    .contains("\"mod\":1796337867972", "\"usn\":1", "\"media_usn\":1");
        }
    }

    @Test
    void aSecondMoveChangesNothingAndSaysSo() throws Exception {
        Path data = temp.resolve("deckhand");
        ServerConfig config = config(data, "alice:apass", "bob:bpass");
        MoveIns.run(config, SourceKind.OFFICIAL, official.base(), true);
        Map<String, String> state = databaseRows(data);
        String collection = sha1Hex(Files.readAllBytes(collectionOf(data, "alice")));

        byte[] database = Files.readAllBytes(data.resolve("deckhand.sqlite"));
        MoveInReport dryRun = MoveIns.run(config, SourceKind.OFFICIAL, official.base(), false);
        assertThat(dryRun.users()).extracting(UserReport::outcome).allMatch(o -> o instanceof UserOutcome.AlreadyMovedIn);
        assertThat(Files.readAllBytes(data.resolve("deckhand.sqlite"))).as("a dry run reads a copy").isEqualTo(database);

        MoveInReport again = MoveIns.run(config, SourceKind.OFFICIAL, official.base(), true);

        assertThat(again.users()).extracting(UserReport::outcome).allMatch(o -> o instanceof UserOutcome.AlreadyMovedIn);
        assertThat(again.complete()).isTrue();
        assertThat(text(again)).contains("Nothing changed: every user was moved in before.");
        assertThat(databaseRows(data)).isEqualTo(state);
        assertThat(sha1Hex(Files.readAllBytes(collectionOf(data, "alice")))).isEqualTo(collection);
    }

    @Test
    void oneBadUserStopsTheWholeMoveAndDeckhandStaysAsItWas() throws Exception {
        Path truncated = official.base().resolve("bob/collection.anki2");
        try (RandomAccessFile file = new RandomAccessFile(truncated.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        Path data = temp.resolve("deckhand");

        MoveInReport report = MoveIns.run(config(data, "alice:apass", "bob:bpass"), SourceKind.OFFICIAL, official.base(), true);

        assertThat(user(report, "bob").outcome()).isInstanceOfSatisfying(UserOutcome.Refused.class,
                refused -> assertThat(refused.reason()).startsWith("collection: ").contains("bob/collection.anki2"));
        assertThat(user(report, "alice").outcome()).isInstanceOf(UserOutcome.Held.class);
        assertThat(report.complete()).isFalse();
        assertThat(databaseRows(data).values()).containsOnly("0");
        assertThat(data.resolve("users")).doesNotExist();
    }

    @Test
    void hostileNamesAndMissingMediaDatabasesAreRefusedWithAReason() throws Exception {
        Files.delete(official.base().resolve("bob/media.db"));
        Path data = temp.resolve("deckhand");

        MoveInReport report = MoveIns.run(config(data, "alice:apass", "../x:pw"), SourceKind.OFFICIAL, official.base(), false);

        assertThat(user(report, "../x").outcome()).isInstanceOfSatisfying(UserOutcome.Refused.class,
                refused -> assertThat(refused.reason()).contains("outside"));
        assertThat(user(report, "bob").outcome()).isInstanceOfSatisfying(UserOutcome.Refused.class,
                refused -> assertThat(refused.reason()).contains("media.db is missing"));
        assertThat(user(report, "bob").account()).isEqualTo(AccountPlan.NEEDS_PASSWORD);
        assertThat(text(report)).contains("../x: refused:", "Not everything can move in");
    }

    @Test
    void theWrongKindOfFolderIsSaidSoNotReportedAsDone() throws Exception {
        Path data = temp.resolve("deckhand");

        MoveInReport nothing = MoveIns.run(config(data), SourceKind.OFFICIAL, Files.createDirectories(temp.resolve("empty")), true);

        assertThat(nothing.users()).isEmpty();
        assertThat(text(nothing)).contains("No users found");
        assertThatThrownBy(() -> MoveIns.run(config(data), SourceKind.ANKISYNCD, official.base(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("has no collections/ folder");
    }

    @Test
    void afterTheMoveTheServerAndAdminCommandsRunOnTheFolder() throws Exception {
        Path data = official.base();
        assertThatThrownBy(() -> DataFolder.existing(data)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not moved in yet");

        MoveIns.run(config(data, "alice:apass", "bob:bpass"), SourceKind.OFFICIAL, official.base(), true);

        assertThat(DataFolder.existing(data)).isEqualTo(data.toAbsolutePath());
        assertThat(Deckhand.accountsIn(data).list()).extracting(UserId::name).containsExactly("alice", "bob");
    }

    private static Path collectionOf(Path data, String user) {
        return data.resolve("users").resolve(new UserId(user).storageKey().value()).resolve("collection.anki2");
    }

    /** Row counts of the server database's tables, or zeros before it exists. */
    private static Map<String, String> databaseRows(Path data) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        Path file = data.resolve("deckhand.sqlite");
        for (String table : new String[] {"accounts", "host_keys", "media_files", "media_state", "move_ins"}) {
            if (!Files.exists(file)) {
                rows.put(table, "0");
                continue;
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                rows.put(table, rs.getString(1));
            }
        }
        return rows;
    }

    private static String text(MoveInReport report) {
        StringWriter out = new StringWriter();
        MoveInReportText.write(report, new PrintWriter(out));
        return out.toString();
    }

    private static Map<Path, String> listing(Path folder) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        if (!Files.exists(folder)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(path, sha1Hex(Files.readAllBytes(path)) + " " + Files.getLastModifiedTime(path));
            }
        }
        return files;
    }

    private static String sha1Hex(byte[] bytes) {
        return HexFormat.of().formatHex(OfficialServerFolderBuilder.sha1(bytes));
    }
}
