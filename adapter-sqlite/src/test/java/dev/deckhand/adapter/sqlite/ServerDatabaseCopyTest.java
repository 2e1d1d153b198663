package dev.deckhand.adapter.sqlite;

import dev.deckhand.adapter.sqlite.collection.SqliteSnapshots;
import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.MediaLedger.MediaUpdate;
import dev.deckhand.ports.testing.FastPasswordHashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerDatabaseCopyTest {

    @TempDir
    Path folder;

    private static MediaFile file(char fill, long size) {
        return new MediaFile(String.valueOf(fill).repeat(40), new Sha256(String.valueOf(fill).repeat(64)), size);
    }

    @Test
    void aCopy_namesTheLiveBlobsAndEveryKnownUser_withoutBeingChanged() throws Exception {
        Path live = folder.resolve("deckhand.sqlite");
        try (ServerDatabase database = ServerDatabase.open(live, STAMP)) {
            new SqliteAccountStore(database, Clock.systemUTC(), new FastPasswordHashing()).add(new UserId("alice"), new Credential.PlainPassword("pw"));
            new SqliteHostKeyStore(database).save(new UserId("ldap-bob"), new HostKeyDigest("d".repeat(64)), 1);
            SqliteMediaLedger ledger = new SqliteMediaLedger(database);
            ledger.apply(new UserId("carol"), List.of(
                    new MediaUpdate("a.png", Optional.of(file('a', 10))),
                    new MediaUpdate("gone.png", Optional.of(file('b', 20)))), 1);
            ledger.apply(new UserId("carol"), List.of(new MediaUpdate("gone.png", Optional.empty())), 2);
            ledger.apply(new UserId("alice"), List.of(new MediaUpdate("same.png", Optional.of(file('a', 10)))), 3);

            SqliteSnapshots.copy(live, folder.resolve("copy.sqlite"));
        }
        Path copy = folder.resolve("copy.sqlite");
        byte[] before = Files.readAllBytes(copy);
        ServerDatabaseCopy database = new ServerDatabaseCopy(copy);

        assertThat(database.referencedBlobs()).isEqualTo(Map.of(new Sha256("a".repeat(64)), 10L));
        assertThat(database.users()).containsExactly(new UserId("alice"), new UserId("carol"), new UserId("ldap-bob"));
        assertThat(database.problem()).isEmpty();
        assertThat(Files.readAllBytes(copy)).isEqualTo(before);
    }

    @Test
    void problem_refusesACopyANewerDeckhandWrote_namingItsSchemaAndWriter() throws Exception {
        Path file = folder.resolve("deckhand.sqlite");
        ServerDatabase.open(file, STAMP).close();
        FutureSchema.write(file, 99, "Deckhand 9.9.9 (commit fffffff)");

        assertThat(new ServerDatabaseCopy(file).problem()).contains("server database schema 99, written by Deckhand 9.9.9"
                + " (commit fffffff), is not one this version of Deckhand knows (1 to " + ServerDatabase.schemaVersion() + ")");
    }

    @Test
    void problem_namesAFileThatIsNotADatabase() throws Exception {
        Files.writeString(folder.resolve("deckhand.sqlite"), "not SQLite at all, just some text that is long enough");

        assertThat(new ServerDatabaseCopy(folder.resolve("deckhand.sqlite")).problem()).get().asString()
                .contains("not a readable SQLite database");
        assertThat(new ServerDatabaseCopy(folder.resolve("absent.sqlite")).problem()).isPresent();
    }
}
