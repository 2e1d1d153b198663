package dev.deckhand.adapter.sqlite.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The check finds the same damage whether one thread runs SQLite's whole {@code integrity_check} or
 * several share it as a whole-file {@code quick_check} and one {@code integrity_check} per table,
 * and a split check holds its permit only while it runs.
 */
class IntegrityCheckTest {

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2, 4})
    void anIntactCollectionWithRows_hasNoProblem(int threads) throws Exception {
        Path file = collectionWithReviews();

        assertThat(check(threads, file)).isEmpty();
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2, 4})
    void anIndexOutOfStepWithItsTable_isFound(int threads) throws Exception {
        Path file = collectionWithReviews();
        // The index keeps its entries for cid while the schema now says it indexes usn: every row
        // is missing from it. Only the per-table checks (or the whole integrity_check) look at index content.
        rewriteSchema(file, "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_revlog_cid ON revlog (usn)' WHERE name = 'ix_revlog_cid'");

        assertThat(check(threads, file))
                .hasValueSatisfying(problem -> assertThat(problem).contains("ix_revlog_cid"));
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2, 4})
    void aPageThatTwoTablesClaim_isFound(int threads) throws Exception {
        Path file = collectionWithReviews();
        // A second table over col's pages: each table alone is intact, so only the whole-file
        // check (which counts every page's owners) can see it.
        rewriteSchema(file, "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) SELECT 'table', 'col_copy', "
                + "'col_copy', rootpage, replace(sql, 'CREATE TABLE col', 'CREATE TABLE col_copy') FROM sqlite_master WHERE name = 'col'");

        assertThat(check(threads, file)).isPresent();
    }

    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2, 4})
    void tablesWithHostileNames_areCheckedByName(int threads) throws Exception {
        Path file = collectionWithReviews();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"it's'); DROP TABLE notes; --\" (x INTEGER)");
            s.execute("CREATE INDEX odd_x ON \"it's'); DROP TABLE notes; --\" (x)");
            s.execute("INSERT INTO \"it's'); DROP TABLE notes; --\" VALUES (1), (2), (3)");
            s.execute("CREATE TABLE \"5\" (x INTEGER)");
        }
        assertThat(check(threads, file)).isEmpty();

        rewriteSchema(file, "UPDATE sqlite_master SET sql = 'CREATE INDEX odd_x ON \"it''s''); DROP TABLE notes; --\" (x DESC)' "
                + "WHERE name = 'odd_x'");

        assertThat(check(threads, file))
                .hasValueSatisfying(problem -> assertThat(problem).contains("odd_x"));
        assertThat(tables(file)).contains("notes");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"below the split size", "while another check holds the permit"})
    void aCheckThatMayNotSplit_runsWhole_andFindsTheSameDamage(String why) throws Exception {
        Path file = collectionWithReviews();
        rewriteSchema(file, "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_revlog_cid ON revlog (usn)' WHERE name = 'ix_revlog_cid'");
        boolean small = why.startsWith("below");
        CountingPermits splits = new CountingPermits(small ? 1 : 0);

        Optional<String> problem;
        try (Connection connection = CollectionCheck.open(file)) {
            problem = new IntegrityCheck(4, small ? Long.MAX_VALUE : 0, splits).problemWith(file, connection, tables(file));
        }

        assertThat(problem).hasValueSatisfying(found -> assertThat(found).contains("ix_revlog_cid"));
        assertThat(splits.availablePermits()).as("a check that did not split takes and gives back nothing").isEqualTo(small ? 1 : 0);
        assertThat(splits.asked).as("a small file is checked whole without asking").isEqualTo(small ? 0 : 1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"intact", "damaged", "failing"})
    void aSplitCheck_givesItsPermitBack(String outcome) throws Exception {
        Path file = collectionWithReviews();
        if (outcome.equals("damaged")) {
            rewriteSchema(file, "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_revlog_cid ON revlog (usn)' WHERE name = 'ix_revlog_cid'");
        }
        Semaphore splits = new Semaphore(1);
        IntegrityCheck check = new IntegrityCheck(2, 0, splits);
        Connection connection = CollectionCheck.open(file);
        if (outcome.equals("failing")) {
            connection.close(); // the calling thread's half cannot run; the helper's can
            assertThatThrownBy(() -> check.problemWith(file, connection, tables(file))).isInstanceOf(SQLException.class);
        } else {
            try (connection) {
                assertThat(check.problemWith(file, connection, tables(file)).isPresent()).isEqualTo(outcome.equals("damaged"));
            }
        }

        assertThat(splits.availablePermits()).isEqualTo(1);
    }

    /** Permits that count how often a check asked for one. */
    private static final class CountingPermits extends Semaphore {
        private int asked;

        CountingPermits(int permits) {
            super(permits);
        }

        @Override
        public boolean tryAcquire() {
            asked++;
            return super.tryAcquire();
        }
    }

    private Path collectionWithReviews() throws SQLException {
        Path file = folder.resolve("collection-" + System.nanoTime() + ".anki2");
        new EmptyCollectionFactory(Clock.systemUTC()).create(file);
        try (Connection c = CollectionCheck.open(file);
                PreparedStatement review = c.prepareStatement(
                        "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES (?, ?, ?, 3, 4, 1, 2500, 6000, 1)")) {
            c.setAutoCommit(false);
            for (int i = 1; i <= 500; i++) {
                review.setLong(1, 1_700_000_000_000L + i);
                review.setLong(2, 1_600_000_000_000L + i % 37);
                review.setInt(3, i % 7);
                review.executeUpdate();
            }
            c.commit();
        }
        return file;
    }

    private static Optional<String> check(int threads, Path file) throws SQLException {
        try (Connection connection = CollectionCheck.open(file)) {
            return new IntegrityCheck(threads, 0, new Semaphore(1)).problemWith(file, connection, tables(file));
        }
    }

    private static void rewriteSchema(Path file, String update) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA writable_schema = ON");
            s.execute(update);
        }
    }

    private static List<String> tables(Path file) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = CollectionCheck.open(file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }
}
