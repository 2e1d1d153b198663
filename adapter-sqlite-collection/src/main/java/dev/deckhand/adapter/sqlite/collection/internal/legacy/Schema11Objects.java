package dev.deckhand.adapter.sqlite.collection.internal.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * Moves the objects a schema-11 collection keeps as JSON in its {@code col} row (notetypes, decks,
 * deck configs, config, tags) into the schema-18 tables, through the same codecs that store what
 * clients send in a normal sync. Every object keeps its {@code mod} and {@code usn}; config and
 * tags get what Anki's own upgrade gives them (USN 0 for config, collapsed tags).
 */
public final class Schema11Objects {

    private Schema11Objects() {}

    /** Runs on the caller's transaction; the schema-18 tables must exist and be empty. */
    public static void moveToTables(Connection connection) throws SQLException {
        String conf;
        String models;
        String decks;
        String dconf;
        String tags;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT conf, models, decks, dconf, tags FROM col")) {
            if (!rs.next()) {
                throw new SQLException("the col table is empty");
            }
            conf = rs.getString(1);
            models = rs.getString(2);
            decks = rs.getString(3);
            dconf = rs.getString(4);
            tags = rs.getString(5);
        }
        for (Map.Entry<String, JsonNode> entry : members(models, "models")) {
            ObjectNode notetype = object(entry, "models");
            // Anki keys notetypes by the map's id; clients have been seen to disagree inside.
            notetype.set("id", LongNode.valueOf(Long.parseLong(entry.getKey())));
            SchemaRows.writeNotetype(connection, NotetypeCodec.toRows(Json.text(notetype), Json.string(notetype, "name", "")));
        }
        for (Map.Entry<String, JsonNode> entry : members(decks, "decks")) {
            ObjectNode deck = object(entry, "decks");
            SchemaRows.writeDeck(connection, DeckCodec.toRow(Json.text(deck), Json.string(deck, "name", "")));
        }
        for (Map.Entry<String, JsonNode> entry : members(dconf, "dconf")) {
            ObjectNode deckConfig = object(entry, "dconf");
            deckConfig.set("id", LongNode.valueOf(Long.parseLong(entry.getKey())));
            SchemaRows.writeDeckConfig(connection, DeckConfigCodec.toRow(Json.text(deckConfig)));
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR REPLACE INTO config (KEY, usn, mtime_secs, val) VALUES (?, 0, 0, ?)")) {
            for (Map.Entry<String, JsonNode> entry : members(conf, "conf")) {
                insert.setString(1, entry.getKey());
                insert.setBytes(2, Json.text(entry.getValue()).getBytes(StandardCharsets.UTF_8));
                insert.executeUpdate();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR REPLACE INTO tags (tag, usn, collapsed, config) VALUES (?, ?, 1, NULL)")) {
            for (Map.Entry<String, JsonNode> entry : members(tags, "tags")) {
                insert.setString(1, entry.getKey());
                insert.setLong(2, entry.getValue().asLong(0));
                insert.executeUpdate();
            }
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> members(String json, String column) throws SQLException {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        ObjectNode object;
        try {
            object = Json.object(json);
        } catch (IllegalArgumentException e) {
            throw new SQLException("col." + column + " is not a JSON object: " + e.getMessage(), e);
        }
        return object.properties();
    }

    private static ObjectNode object(Map.Entry<String, JsonNode> entry, String column) throws SQLException {
        if (!entry.getValue().isObject() || !entry.getKey().matches("-?\\d{1,19}")) {
            throw new SQLException("col." + column + " has an entry that is not an object under a numeric id: " + entry.getKey());
        }
        return (ObjectNode) entry.getValue();
    }
}
