package dev.deckhand.app.warmup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * A collection file as a client would upload it: the stock notetypes, decks and options, and
 * {@code notes} Basic notes with a card and a review each, so the upload's checks and the first
 * download have rows to read.
 *
 * @param bytes the SQLite file
 * @param basicNotetype the id of the "Basic" notetype, for notes added later
 * @param totals what a sanity check must count right after the upload
 * @param config the config table as the JSON object a client sends in {@code applyChanges}
 * @param creationStamp the collection's {@code crt}
 */
record SyntheticCollection(byte[] bytes, long basicNotetype, Totals totals, String config, long creationStamp) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The counts of {@code sanityCheck2}: cards, notes, review log, notetypes, decks, deck options. */
    record Totals(int cards, int notes, int revlog, int notetypes, int decks, int deckConfigs) {

        Totals plus(int rows) {
            return new Totals(cards + rows, notes + rows, revlog + rows, notetypes, decks, deckConfigs);
        }

        String json() {
            return "{\"client\":[[0,0,0]," + cards + "," + notes + "," + revlog + ",0," + notetypes + "," + decks + ","
                    + deckConfigs + "]}";
        }
    }

    static SyntheticCollection build(Path folder, int notes, Clock clock) {
        Path file = folder.resolve("upload.anki2");
        new EmptyCollectionFactory(clock).create(file);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath())) {
            long basic = basicNotetype(connection);
            long now = clock.millis();
            try (PreparedStatement note = connection.prepareStatement(
                            "INSERT INTO notes VALUES (?, ?, ?, ?, -1, '', ?, ?, 0, 0, '')");
                    PreparedStatement card = connection.prepareStatement(
                            "INSERT INTO cards VALUES (?, ?, 1, 0, ?, -1, 2, 2, 10, 3, 2500, 1, 0, 0, 0, 0, 0, '')");
                    PreparedStatement review = connection.prepareStatement(
                            "INSERT INTO revlog VALUES (?, ?, -1, 3, 3, 1, 2500, 4000, 1)")) {
                connection.setAutoCommit(false);
                for (int i = 1; i <= notes; i++) {
                    note.setLong(1, i);
                    note.setString(2, "warm-up-" + i);
                    note.setLong(3, basic);
                    note.setLong(4, now / 1000);
                    note.setString(5, "front " + i + "\u001fback " + i);
                    note.setString(6, "front " + i);
                    note.executeUpdate();
                    card.setLong(1, i);
                    card.setLong(2, i);
                    card.setLong(3, now / 1000);
                    card.executeUpdate();
                    review.setLong(1, now - i);
                    review.setLong(2, i);
                    review.executeUpdate();
                }
                connection.commit();
                connection.setAutoCommit(true);
            }
            // NOT INDEXED: the name indexes use Anki's unicase collation, which this connection lacks.
            Totals totals = new Totals(notes, notes, notes, (int) single(connection, "SELECT count() FROM notetypes NOT INDEXED"),
                    (int) single(connection, "SELECT count() FROM decks NOT INDEXED"),
                    (int) single(connection, "SELECT count() FROM deck_config NOT INDEXED"));
            String config = config(connection);
            long creationStamp = single(connection, "SELECT crt FROM col");
            // As the client leaves a collection before it uploads: the rows in the file itself, not in its log.
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode = DELETE");
            }
            return new SyntheticCollection(Files.readAllBytes(file), basic, totals, config, creationStamp);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot build the warm-up collection", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Found without comparing names in SQL, which would need Anki's {@code unicase} collation. */
    private static long basicNotetype(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, name FROM notetypes ORDER BY id")) {
            while (rows.next()) {
                if ("Basic".equals(rows.getString(2))) {
                    return rows.getLong(1);
                }
            }
        }
        throw new IllegalStateException("the empty collection has no Basic notetype");
    }

    /** The config table as one JSON object; each row's value is JSON text already. */
    private static String config(Connection connection) throws SQLException, IOException {
        ObjectNode config = JSON.createObjectNode();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT KEY, val FROM config")) {
            while (rows.next()) {
                config.set(rows.getString(1), JSON.readTree(rows.getBytes(2)));
            }
        }
        return JSON.writeValueAsString(config);
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
