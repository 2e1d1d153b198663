package dev.deckhand.adapter.sqlite.collection.internal.schema;

import dev.deckhand.adapter.sqlite.collection.CollectionCheck;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.adapter.sqlite.collection.internal.schema.Schema11Upgrade;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema-11 upgrade against the official client: the fixture ({@code schema11/}, made by
 * {@code src/test/fixtures/make_schema11_collection.py}) is a collection the client downgraded to
 * schema 11, with the schema-18 rows the client kept for it just before. After the upgrade the rows
 * must be the client's, and nothing devices compare may have moved.
 */
class Schema11UpgradeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path temp;
    private Path collection;
    private JsonNode expected;

    @BeforeEach
    void copyFixture() throws IOException, SQLException {
        collection = temp.resolve("collection.anki2");
        try (InputStream in = getClass().getResourceAsStream("/schema11/collection.anki2")) {
            Files.copy(in, collection);
        }
        try (InputStream in = getClass().getResourceAsStream("/schema11/expected.json")) {
            expected = JSON.readTree(in);
        }
        try (Connection c = CollectionCheck.open(collection)) {
            Schema11Upgrade.upgrade(c);
        }
    }

    @Test
    void theUpgradedFileIsASoundSchema18Collection() throws IOException {
        assertThat(CollectionCheck.problemWith(collection)).isEmpty();
    }

    @Test
    void whatDevicesCompareIsUnchanged() throws SQLException {
        JsonNode col = expected.get("col");
        assertThat(rows("SELECT mod, scm, usn, crt FROM col")).containsExactly(
                List.of(col.get("mod").asLong(), col.get("scm").asLong(), (long) col.get("usn").asInt(), col.get("crt").asLong()));
        JsonNode counts = expected.get("counts");
        assertThat(rows("SELECT (SELECT count() FROM notes), (SELECT count() FROM cards), (SELECT count() FROM revlog),"
                + " (SELECT count() FROM graves)")).containsExactly(List.of(counts.get("notes").asLong(), counts.get("cards").asLong(),
                counts.get("revlog").asLong(), counts.get("graves").asLong()));
    }

    @Test
    void notetypesDecksAndDeckConfigsAreTheRowsTheClientKept() throws SQLException {
        assertThat(rows("SELECT id, name, mtime_secs, usn, config FROM notetypes ORDER BY id"))
                .isEqualTo(expectedRows("notetypes", "id", "name", "mtime", "usn", "config"));
        assertThat(rows("SELECT ntid, ord, name, config FROM fields ORDER BY ntid, ord"))
                .isEqualTo(expectedRows("fields", "ntid", "ord", "name", "config"));
        assertThat(rows("SELECT ntid, ord, name, mtime_secs, usn, config FROM templates ORDER BY ntid, ord"))
                .isEqualTo(expectedRows("templates", "ntid", "ord", "name", "mtime", "usn", "config"));
        assertThat(rows("SELECT id, name, mtime_secs, usn, common, kind FROM decks ORDER BY id"))
                .isEqualTo(expectedRows("decks", "id", "name", "mtime", "usn", "common", "kind"));
        assertThat(rows("SELECT id, name, mtime_secs, usn, config FROM deck_config ORDER BY id"))
                .isEqualTo(expectedRows("deckConfigs", "id", "name", "mtime", "usn", "config"));
    }

    @Test
    void configAndTagsMoveIntoTheirTables() throws Exception {
        Map<String, JsonNode> config = new LinkedHashMap<>();
        for (List<Object> row : rows("SELECT KEY, CAST(val AS TEXT) FROM config ORDER BY KEY")) {
            config.put((String) row.get(0), JSON.readTree((String) row.get(1)));
        }
        Map<String, JsonNode> wanted = new LinkedHashMap<>();
        expected.get("config").properties().forEach(e -> wanted.put(e.getKey(), e.getValue()));
        assertThat(config).containsExactlyInAnyOrderEntriesOf(wanted);
        assertThat(rows("SELECT tag, usn FROM tags ORDER BY tag")).isEqualTo(expectedRows("tags", "tag", "usn"));
        assertThat(rows("SELECT conf || models || decks || dconf || tags FROM col")).containsExactly(List.of(""));
    }

    private List<List<Object>> rows(String query) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection c = CollectionCheck.open(collection); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    row.add(value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes)
                            : value instanceof Integer n ? (Object) n.longValue() : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private List<List<Object>> expectedRows(String kind, String... columns) {
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode item : expected.get(kind)) {
            List<Object> row = new ArrayList<>();
            for (String column : columns) {
                JsonNode value = item.get(column);
                row.add(value.isNumber() ? (Object) value.asLong() : value.asText());
            }
            rows.add(row);
        }
        return rows;
    }
}
