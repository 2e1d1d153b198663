package dev.deckhand.adapter.sqlite.collection.internal;

import dev.deckhand.ports.out.RowStamp;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The SQL sync transactions run on one collection connection: statements are compiled on first use
 * and kept as long as the connection stays open ({@link OpenCollections}), so a sync reuses what
 * the previous syncs of the user compiled (a chunk writes hundreds of rows with the same SQL, and
 * every small sync runs the same few dozen queries). Not thread-safe: one transaction at a time
 * uses a connection.
 */
final class SyncStatements {

    private final Connection connection;
    private final Map<String, PreparedStatement> cached = new HashMap<>();

    SyncStatements(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** A statement compiled on first use and kept until {@link #closeCached}; its result sets must be closed after use. */
    PreparedStatement cached(String sql) throws SQLException {
        PreparedStatement statement = cached.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            cached.put(sql, statement);
        }
        return statement;
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Not kept: callers build some of these queries with values in them. */
    long queryLong(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row for " + sql);
            }
            return rs.getLong(1);
        }
    }

    /** The ids a query with one USN parameter selects. */
    List<Long> ids(String sql, int minUsn) throws SQLException {
        List<Long> ids = new ArrayList<>();
        PreparedStatement select = cached(sql);
        select.setInt(1, minUsn);
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** The first column of the row a query with one text parameter selects, if any. */
    <T> Optional<T> byName(String sql, String name, RowMapper<T> mapper) throws SQLException {
        PreparedStatement select = cached(sql);
        select.setString(1, name);
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        }
    }

    /** The rows of {@code select} whose id is one of {@code ids}. */
    <T> List<T> byIds(String select, List<Long> ids, RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>(ids.size());
        if (ids.isEmpty()) {
            return rows;
        }
        String placeholders = ids.stream().map(id -> "?").collect(Collectors.joining(","));
        try (PreparedStatement statement = connection.prepareStatement(select + " WHERE id IN (" + placeholders + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                statement.setLong(i + 1, ids.get(i));
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
        }
        return rows;
    }

    /** The modification time and USN a {@code SELECT mod, usn ... WHERE id = ?} finds. */
    Optional<RowStamp> stamp(String sql, long id) throws SQLException {
        PreparedStatement select = cached(sql);
        select.setLong(1, id);
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(new RowStamp(rs.getLong(1), rs.getInt(2))) : Optional.empty();
        }
    }

    void closeCached() {
        for (PreparedStatement statement : cached.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // The connection is closed or given back next, which releases it anyway.
            }
        }
        cached.clear();
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }
}
