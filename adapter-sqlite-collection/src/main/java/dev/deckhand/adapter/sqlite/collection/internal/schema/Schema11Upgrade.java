package dev.deckhand.adapter.sqlite.collection.internal.schema;

import dev.deckhand.adapter.sqlite.collection.internal.legacy.Schema11Objects;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Upgrades a schema-11 collection (what clients before 2.1.50 upload, and what ankisyncd leaves
 * after a full download) to schema 18 in place, in one transaction, the way Anki's own upgrade does:
 * the schema-18 tables are created, the JSON of the {@code col} row moves into them, the graves
 * table gets its key. Notes, cards, the review log and the {@code col} row's {@code mod},
 * {@code scm} and {@code usn} are not touched, so devices see the same collection.
 */
public final class Schema11Upgrade {

    public static final int FROM = 11;

    private Schema11Upgrade() {}

    public static void upgrade(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                if (version(statement) != FROM) {
                    throw new SQLException("not a schema-11 collection");
                }
                // Schema 11's graves are (usn, oid, type) without a key; schema 18's are keyed by (oid, type).
                statement.execute("ALTER TABLE graves RENAME TO graves_old");
                for (String ddl : Schema18.statements()) {
                    statement.execute(ifNotExists(ddl));
                }
                statement.execute("INSERT OR IGNORE INTO graves (oid, type, usn) SELECT oid, type, usn FROM graves_old");
                statement.execute("DROP TABLE graves_old");
                Schema11Objects.moveToTables(connection);
                statement.execute("UPDATE col SET ver = 18, conf = '', models = '', decks = '', dconf = '', tags = ''");
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private static int version(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT ver FROM col")) {
            return rs.next() ? rs.getInt(1) : -1;
        }
    }

    /** Schema 11 has {@code col}, {@code notes}, {@code cards}, {@code revlog} and their indexes already. */
    private static String ifNotExists(String ddl) {
        for (String create : new String[] {"CREATE TABLE ", "CREATE UNIQUE INDEX ", "CREATE INDEX "}) {
            if (ddl.startsWith(create)) {
                return create + "IF NOT EXISTS " + ddl.substring(create.length());
            }
        }
        throw new IllegalStateException("unexpected statement in the schema: " + ddl);
    }
}
