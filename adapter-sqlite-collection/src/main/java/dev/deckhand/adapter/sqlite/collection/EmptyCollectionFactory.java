package dev.deckhand.adapter.sqlite.collection;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.adapter.sqlite.collection.internal.legacy.DeckCodec;
import dev.deckhand.adapter.sqlite.collection.internal.legacy.DeckConfigCodec;
import dev.deckhand.adapter.sqlite.collection.internal.legacy.NotetypeCodec;
import dev.deckhand.adapter.sqlite.collection.internal.legacy.SchemaRows;
import dev.deckhand.adapter.sqlite.collection.internal.schema.Schema18;
import dev.deckhand.adapter.sqlite.collection.internal.schema.StockNotetypes;
import dev.deckhand.adapter.sqlite.collection.internal.schema.UnicaseCollation;
import dev.deckhand.ports.out.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Creates the valid, empty schema-18 collection a new account starts with: the default deck and deck
 * config, the stock notetypes and the default config, built here (no template file) and written
 * through the same codecs normal sync uses. Like a collection a client creates, it has {@code mod}
 * 0, so an empty device syncing with it finds nothing to do.
 */
public final class EmptyCollectionFactory {

    /** Anki's day starts at 4 am; {@code crt} is the most recent such moment (in UTC on a server). */
    private static final long DAY_START_SECONDS = 4 * 3600;

    private final Clock clock;
    private final ObjectMapper mapper = new ObjectMapper();

    public EmptyCollectionFactory(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Writes a new collection at {@code target} atomically (staging file, then rename). */
    public void create(Path target) {
        Path staging = target.resolveSibling(target.getFileName() + ".new");
        try {
            Files.deleteIfExists(staging);
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + staging.toAbsolutePath())) {
                UnicaseCollation.register(connection);
                populate(connection);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (SQLException | IOException e) {
            throw new StorageException("cannot create an empty collection at " + target, e);
        } finally {
            try {
                Files.deleteIfExists(staging);
            } catch (IOException e) {
                // Left-over staging files are overwritten next time.
            }
        }
    }

    private void populate(Connection connection) throws SQLException {
        long nowMillis = clock.millis();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("BEGIN");
            for (String ddl : Schema18.statements()) {
                statement.execute(ddl);
            }
        }
        try (PreparedStatement col = connection.prepareStatement(
                "INSERT INTO col (id, crt, mod, scm, ver, dty, usn, ls, conf, models, decks, dconf, tags) "
                        + "VALUES (1, ?, 0, ?, 18, 0, 0, 0, '', '', '', '', '')")) {
            col.setLong(1, dayStart(nowMillis / 1000));
            col.setLong(2, nowMillis);
            col.executeUpdate();
        }
        List<ObjectNode> notetypes = new StockNotetypes(mapper, new SecureRandom()).all(nowMillis);
        for (ObjectNode notetype : notetypes) {
            SchemaRows.writeNotetype(connection, NotetypeCodec.toRows(notetype.toString(), notetype.get("name").asText()));
        }
        SchemaRows.writeDeck(connection, DeckCodec.toRow(defaultDeck(), "Default"));
        SchemaRows.writeDeckConfig(connection, DeckConfigCodec.toRow(defaultDeckConfig()));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO config (KEY, usn, mtime_secs, val) VALUES (?, 0, 0, ?)")) {
            for (Map.Entry<String, String> entry : defaultConfig(notetypes.get(0).get("id").asLong()).entrySet()) {
                insert.setString(1, entry.getKey());
                insert.setBytes(2, entry.getValue().getBytes(StandardCharsets.UTF_8));
                insert.executeUpdate();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("COMMIT");
        }
    }

    static long dayStart(long nowSeconds) {
        long today = Math.floorDiv(nowSeconds, 86_400L) * 86_400L + DAY_START_SECONDS;
        return today <= nowSeconds ? today : today - 86_400L;
    }

    private static String defaultDeck() {
        return "{\"id\":1,\"mod\":0,\"name\":\"Default\",\"usn\":0,\"lrnToday\":[0,0],\"revToday\":[0,0],\"newToday\":[0,0],"
                + "\"timeToday\":[0,0],\"collapsed\":true,\"browserCollapsed\":true,\"desc\":\"\",\"dyn\":0,\"conf\":1,"
                + "\"extendNew\":0,\"extendRev\":0,\"reviewLimit\":null,\"newLimit\":null,\"reviewLimitToday\":null,"
                + "\"newLimitToday\":null,\"desiredRetention\":null}";
    }

    private static String defaultDeckConfig() {
        return "{\"id\":1,\"mod\":0,\"name\":\"Default\",\"usn\":0,\"maxTaken\":60,\"autoplay\":true,\"timer\":0,\"replayq\":true,"
                + "\"new\":{\"bury\":false,\"delays\":[1.0,10.0],\"initialFactor\":2500,\"ints\":[1,4,0],\"order\":1,\"perDay\":20},"
                + "\"rev\":{\"bury\":false,\"ease4\":1.3,\"ivlFct\":1.0,\"maxIvl\":36500,\"perDay\":200,\"hardFactor\":1.2},"
                + "\"lapse\":{\"delays\":[10.0],\"leechAction\":1,\"leechFails\":8,\"minInt\":1,\"mult\":0.0},\"dyn\":false,"
                + "\"desiredRetention\":0.9,\"easyDaysPercentages\":[1.0,1.0,1.0,1.0,1.0,1.0,1.0],\"waitForAudio\":true,"
                + "\"sm2Retention\":0.9}";
    }

    /** Config values as JSON text, as the {@code config} table stores them. */
    private static Map<String, String> defaultConfig(long basicNotetypeId) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("activeDecks", "[1]");
        config.put("addToCur", "true");
        config.put("collapseTime", "1200");
        config.put("creationOffset", "0");
        config.put("curDeck", "1");
        config.put("curModel", Long.toString(basicNotetypeId));
        config.put("dayLearnFirst", "false");
        config.put("dueCounts", "true");
        config.put("estTimes", "true");
        config.put("newSpread", "0");
        config.put("nextPos", "1");
        config.put("sched2021", "true");
        config.put("schedVer", "2");
        config.put("sortBackwards", "false");
        config.put("sortType", "\"noteFld\"");
        config.put("timeLim", "0");
        return config;
    }
}
