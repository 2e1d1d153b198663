package dev.deckhand.adapter.sqlite.collection.internal;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The collection-wide things a sync exchanges: the tag register, the config table and the creation stamp. */
final class CollectionSettings {

    private final SyncStatements sql;

    CollectionSettings(SyncStatements sql) {
        this.sql = sql;
    }

    List<String> tagsSince(int minUsn) throws SQLException {
        List<String> tags = new ArrayList<>();
        try (PreparedStatement select = sql.connection().prepareStatement("SELECT tag FROM tags WHERE usn >= ?")) {
            select.setInt(1, minUsn);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    tags.add(rs.getString(1));
                }
            }
        }
        return tags;
    }

    /** The stored spelling; the tags table compares with the {@code unicase} collation. */
    Optional<String> tag(String name) throws SQLException {
        return sql.byName("SELECT tag FROM tags WHERE tag = ?", name, rs -> rs.getString(1));
    }

    void addTag(String tag, int tagUsn) throws SQLException {
        try (PreparedStatement insert = sql.connection().prepareStatement(
                "INSERT OR REPLACE INTO tags (tag, usn, collapsed, config) VALUES (?, ?, 1, NULL)")) {
            insert.setString(1, tag);
            insert.setInt(2, tagUsn);
            insert.executeUpdate();
        }
    }

    /** Every config entry: key to the value's JSON text. */
    Map<String, String> config() throws SQLException {
        Map<String, String> config = new LinkedHashMap<>();
        try (PreparedStatement select = sql.connection().prepareStatement("SELECT KEY, val FROM config ORDER BY KEY");
                ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                config.put(rs.getString(1), new String(rs.getBytes(2), StandardCharsets.UTF_8));
            }
        }
        return config;
    }

    void markConfigSynced() throws SQLException {
        sql.execute("UPDATE config SET usn = 0 WHERE usn != 0");
    }

    void replaceConfig(Map<String, String> config, int configUsn, long mtimeSecs) throws SQLException {
        sql.execute("DELETE FROM config");
        try (PreparedStatement insert = sql.connection().prepareStatement(
                "INSERT INTO config (KEY, usn, mtime_secs, val) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, String> entry : config.entrySet()) {
                insert.setString(1, entry.getKey());
                insert.setInt(2, configUsn);
                insert.setLong(3, mtimeSecs);
                insert.setBytes(4, entry.getValue().getBytes(StandardCharsets.UTF_8));
                insert.executeUpdate();
            }
        }
    }

    long creationStamp() throws SQLException {
        return sql.queryLong("SELECT crt FROM col");
    }

    void setCreationStamp(long seconds) throws SQLException {
        try (PreparedStatement update = sql.connection().prepareStatement("UPDATE col SET crt = ?")) {
            update.setLong(1, seconds);
            update.executeUpdate();
        }
    }
}
