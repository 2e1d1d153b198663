package dev.deckhand.adapter.sqlite;

import dev.deckhand.adapter.sqlite.collection.CollectionCheck;
import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.MediaChange;
import dev.deckhand.ports.model.MediaState;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.movein.CollectionStaging;
import dev.deckhand.ports.movein.CollectionSummary;
import dev.deckhand.ports.movein.ImportedPassword;
import dev.deckhand.ports.movein.LedgerEntry;
import dev.deckhand.ports.movein.SourceKind;
import dev.deckhand.ports.movein.UserMoveIn;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.SignInOutcome;
import dev.deckhand.ports.out.StagedCollection;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.testing.FastPasswordHashing;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteMoveInTargetTest {

    private static final UserId ALICE = new UserId("alice");
    private static final FastPasswordHashing HASHING = new FastPasswordHashing();
    private static final String SHA1 = "c6e99d2922383dde76a142b634b99f231b64a807";
    private static final Sha256 BLOB = new Sha256("a".repeat(64));
    private static final HostKeyDigest KEY = new HostKeyDigest("b".repeat(64));

    @TempDir Path temp;
    private Path data;
    private ServerDatabase database;
    private SqliteMoveInTarget target;

    @BeforeEach
    void open() throws IOException {
        data = Files.createDirectories(temp.resolve("data"));
        database = ServerDatabase.open(data.resolve("deckhand.sqlite"), STAMP);
        target = new SqliteMoveInTarget(data, database, data.resolve("tmp/move-in"), Clock.systemUTC(), HASHING);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private CollectionStaging.Staged stage(Path collection) {
        CollectionStaging staging = target.stage(ALICE, collection);
        assertThat(staging).isInstanceOf(CollectionStaging.Staged.class);
        return (CollectionStaging.Staged) staging;
    }

    private UserMoveIn moveIn(Optional<StagedCollection> collection, List<LedgerEntry> media) {
        return new UserMoveIn(ALICE, SourceKind.OFFICIAL, "/old", collection, 5, media,
                Optional.of(new ImportedPassword.FromSettings(new Credential.PlainPassword("builder"))), List.of(KEY));
    }

    private static List<LedgerEntry> media() {
        return List.of(new LedgerEntry("cat.png", SHA1, Optional.of(BLOB), 240, 1, 1_796_337_867L),
                new LedgerEntry("doomed.txt", "2ee77bc76d2c35d175d01e94643151f1c37d45fc", Optional.empty(), 0, 4, 1_796_337_999L));
    }

    @Test
    void stagesACollectionWithWhatIsOnlyInItsLogAndLeavesTheOriginalAlone() throws Exception {
        Path old = Files.createDirectories(temp.resolve("old/alice"));
        Path live = OldServerFixtures.collection(temp.resolve("live/collection.anki2"), 2, 1, 5, 1_796_337_868_318L);
        try (Connection c = CollectionCheck.open(live); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = 0");
            s.execute("INSERT INTO notes SELECT 99, 'g99', mid, 1, 5, '', 'late', 'late', 1, 0, '' FROM notes LIMIT 1");
            Files.copy(live, old.resolve("collection.anki2"));
            Files.copy(CollectionFiles.sibling(live, "-wal"), old.resolve("collection.anki2-wal"));
        }
        byte[] before = Files.readAllBytes(old.resolve("collection.anki2"));

        CollectionStaging.Staged staged = stage(old.resolve("collection.anki2"));

        assertThat(staged.summary()).isEqualTo(new CollectionSummary(3, 2, 1, 5, 1_796_337_868_318L, 18));
        assertThat(Files.readAllBytes(old.resolve("collection.anki2"))).isEqualTo(before);
        assertThat(old.resolve("collection.anki2-shm")).doesNotExist();
        staged.staged().close();
    }

    @Test
    void aTruncatedCollectionIsRefusedWithAReason() throws Exception {
        Path collection = OldServerFixtures.collection(temp.resolve("old/collection.anki2"), 20, 5, 5, 1);
        try (RandomAccessFile file = new RandomAccessFile(collection.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }

        CollectionStaging staging = target.stage(ALICE, collection);

        assertThat(staging).isInstanceOfSatisfying(CollectionStaging.Refused.class,
                refused -> assertThat(refused.reason()).contains(collection.toString()).containsAnyOf("malformed", "integrity"));
        assertThat(data.resolve("tmp/move-in")).isEmptyDirectory();
    }

    @Test
    void switchesEverythingInAtOnceAndOnlyOnce() throws Exception {
        Path old = OldServerFixtures.collection(temp.resolve("old/collection.anki2"), 2, 1, 5, 777);
        CollectionStaging.Staged staged = stage(old);

        assertThat(target.switchOver(moveIn(Optional.of(staged.staged()), media()))).isTrue();

        SqliteMediaLedger ledger = new SqliteMediaLedger(database);
        assertThat(ledger.state(ALICE)).isEqualTo(new MediaState(5, 1, 240));
        assertThat(ledger.changesAfter(ALICE, 0, 10)).containsExactly(new MediaChange("cat.png", 1, SHA1), new MediaChange("doomed.txt", 4, ""));
        assertThat(new SqliteAccountStore(database, Clock.systemUTC(), HASHING).signIn("alice", "builder"))
                .isInstanceOf(SignInOutcome.SignedIn.class);
        assertThat(new SqliteHostKeyStore(database).find(KEY)).hasValueSatisfying(k -> assertThat(k.user()).isEqualTo(ALICE));
        assertThat(target.holdings(ALICE).movedInAtMillis()).isPresent();
        assertThat(colRow(new CollectionFiles(data).collection(ALICE))).isEqualTo("5/777");

        // A second switch finds the record and changes nothing.
        CollectionStaging.Staged again = stage(old);
        assertThat(target.switchOver(moveIn(Optional.of(again.staged()), List.of()))).isFalse();
        again.staged().close();
        assertThat(ledger.state(ALICE)).isEqualTo(new MediaState(5, 1, 240));
    }

    @Test
    void aFailedSwitchLeavesDeckhandAsItWas() throws Exception {
        // Deckhand made an empty collection at a first sign-in; the move may replace it, but only whole.
        Path existing = new CollectionFiles(data).collection(ALICE);
        Files.createDirectories(existing.getParent());
        new EmptyCollectionFactory(Clock.systemUTC()).create(existing);
        byte[] before = Files.readAllBytes(existing);
        assertThat(target.holdings(ALICE).collectionContent()).isFalse();
        CollectionStaging.Staged staged = stage(OldServerFixtures.collection(temp.resolve("old/collection.anki2"), 2, 1, 5, 777));
        // The staged file vanishes after the ledger, account and keys were written in the transaction.
        try (var files = Files.list(data.resolve("tmp/move-in"))) {
            for (Path folder : files.toList()) {
                Files.delete(folder.resolve("collection.anki2"));
            }
        }

        assertThatThrownBy(() -> target.switchOver(moveIn(Optional.of(staged.staged()), media())))
                .isInstanceOf(StorageException.class);

        assertThat(Files.readAllBytes(existing)).isEqualTo(before);
        assertThat(target.holdings(ALICE).movedInAtMillis()).isEmpty();
        assertThat(count("media_files") + count("media_state") + count("accounts") + count("host_keys") + count("move_ins")).isZero();
    }

    @Test
    void aCollectionWithNotesIsNeverTakenForAnEmptyOne() throws Exception {
        OldServerFixtures.collection(new CollectionFiles(data).collection(ALICE), 1, 0, 1, 1);

        assertThat(target.holdings(ALICE).collectionContent()).isTrue();
    }

    @Test
    void keepsOnlyPasswordsItCanCheck() {
        assertThat(target.accepts(new ImportedPassword.FromSettings(new Credential.PlainPassword("pw")))).isTrue();
        assertThat(target.accepts(new ImportedPassword.FromSettings(new Credential.PasswordHash(HASHING.hash("pw"))))).isTrue();
        assertThat(target.accepts(new ImportedPassword.FromSettings(new Credential.PasswordHash("$argon2id$v=19$x")))).isFalse();
        assertThat(target.accepts(new ImportedPassword.AnkisyncdHash(OldServerFixtures.ankisyncdHash("a", "b", "0123456789abcdef"))))
                .isTrue();
        assertThat(target.accepts(new ImportedPassword.AnkisyncdHash("plaintext"))).isFalse();
    }

    private long count(String table) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM " + table).mapTo(Long.class).one());
    }

    private static String colRow(Path collection) throws SQLException {
        try (Connection c = CollectionCheck.open(collection); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT usn, mod FROM col")) {
            rs.next();
            return rs.getInt(1) + "/" + rs.getLong(2);
        }
    }
}
