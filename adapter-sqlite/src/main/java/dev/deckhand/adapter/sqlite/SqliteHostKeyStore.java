package dev.deckhand.adapter.sqlite;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.IssuedHostKey;
import dev.deckhand.ports.out.StorageException;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Host-key digests in the server database; they survive restarts until revoked. */
public final class SqliteHostKeyStore implements HostKeyStore {

    private final Jdbi jdbi;
    private final KeptQueries kept;

    public SqliteHostKeyStore(ServerDatabase database) {
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
        this.kept = database.kept();
    }

    @Override
    public void save(UserId user, HostKeyDigest digest, long issuedAtMillis) {
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO host_keys (digest, user_name, issued_at) VALUES (?, ?, ?)")
                    .bind(0, digest.hex())
                    .bind(1, user.name())
                    .bind(2, issuedAtMillis)
                    .execute());
        } catch (JdbiException e) {
            throw new StorageException("cannot save a host key", e);
        }
    }

    @Override
    public Optional<IssuedHostKey> find(HostKeyDigest digest) {
        try {
            // Every request asks this: a kept statement, not Jdbi.
            return kept.first("SELECT user_name, issued_at FROM host_keys WHERE digest = ?", digest.hex(),
                    row -> new IssuedHostKey(new UserId(row.getString(1)), row.getLong(2)));
        } catch (SQLException e) {
            throw new StorageException("cannot look up a host key", e);
        }
    }

    @Override
    public int revokeAll(UserId user) {
        try {
            return jdbi.withHandle(h -> h.createUpdate("DELETE FROM host_keys WHERE user_name = ?")
                    .bind(0, user.name())
                    .execute());
        } catch (JdbiException e) {
            throw new StorageException("cannot revoke host keys", e);
        }
    }
}
