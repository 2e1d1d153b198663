package dev.deckhand.app;

import static dev.deckhand.ports.testing.TestBuild.STAMP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.adapter.passwords.Pbkdf2PasswordHashing;
import dev.deckhand.adapter.sqlite.ServerDatabase;
import dev.deckhand.adapter.sqlite.SqliteAccountStore;
import dev.deckhand.ports.model.Credential;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.movein.ImportedPassword;
import dev.deckhand.ports.out.SignInOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite accounts with the real hashing, as Deckhand wires them: hashes from elsewhere are replaced at sign-in. */
class PasswordRehashTest {

    private static final int ITERATIONS = 1000;
    @TempDir Path temp;
    private ServerDatabase database;
    private SqliteAccountStore accounts;

    @BeforeEach
    void open() {
        database = ServerDatabase.open(temp.resolve("deckhand.sqlite"), STAMP);
        accounts = new SqliteAccountStore(database, Clock.systemUTC(), new Pbkdf2PasswordHashing(ITERATIONS));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anAnkisyncdHash_isReplacedWithPbkdf2Sha512_atTheFirstGoodSignIn() throws SQLException {
        insert("alice", ankisyncd("alice", "s3cret"));

        assertThat(accounts.signIn("alice", "wrong")).isInstanceOf(SignInOutcome.Rejected.class);
        assertThat(storedHash("alice")).startsWith(ImportedPassword.AnkisyncdHash.STORED_PREFIX);

        assertThat(accounts.signIn("alice", "s3cret")).isEqualTo(new SignInOutcome.SignedIn(new UserId("alice")));
        assertThat(storedHash("alice")).startsWith("$pbkdf2-sha512$i=" + ITERATIONS + ",");
        assertThat(accounts.signIn("alice", "s3cret")).isInstanceOf(SignInOutcome.SignedIn.class);
    }

    /** As a move from ankisyncd stores it; no port writes such a hash. */
    @Test
    void anOfficialSha256Hash_isReplacedWithPbkdf2Sha512_andThePasswordStillWorks() throws SQLException {
        String official = "$pbkdf2-sha256$i=1000,l=32$AAECAwQFBgcICQoLDA0ODw$M6eMN3yntlkPobIVzJcPulFgdvEI7LaK9Y7JXYYCFwE";
        accounts.add(new UserId("alice"), new Credential.PasswordHash(official));

        assertThat(accounts.signIn("alice", "s3cret!")).isInstanceOf(SignInOutcome.Rejected.class);
        assertThat(storedHash("alice")).as("a wrong password triggers no rehash").isEqualTo(official);

        assertThat(accounts.signIn("alice", "s3cret")).isEqualTo(new SignInOutcome.SignedIn(new UserId("alice")));
        assertThat(storedHash("alice")).startsWith("$pbkdf2-sha512$i=" + ITERATIONS + ",");
        assertThat(accounts.signIn("alice", "s3cret")).isInstanceOf(SignInOutcome.SignedIn.class);
        assertThat(accounts.signIn("alice", "s3cret!")).isInstanceOf(SignInOutcome.Rejected.class);
    }

    private void insert(String name, String hash) throws SQLException {
        try (Connection c = connect(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO accounts (name, password_hash, created_at) VALUES (?, ?, 0)")) {
            insert.setString(1, name);
            insert.setString(2, hash);
            insert.executeUpdate();
        }
    }

    private String storedHash(String name) throws SQLException {
        try (Connection c = connect(); PreparedStatement query = c.prepareStatement("SELECT password_hash FROM accounts WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                assertThat(rows.next()).as("an account named " + name).isTrue();
                return rows.getString(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + temp.resolve("deckhand.sqlite"));
    }

    /** sha256(name + password + salt) + salt, as ankisyncd writes it to auth.db, in the form Deckhand stores it. */
    private static String ankisyncd(String user, String password) {
        String salt = "9f86d081884c7d65";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((user + password + salt).getBytes(StandardCharsets.UTF_8));
            return new ImportedPassword.AnkisyncdHash(HexFormat.of().formatHex(digest) + salt).stored();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
