package dev.deckhand.adapter.postgres;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.IssuedHostKey;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Host-key digests in PostgreSQL (schema: {@code db/postgres/V4__accounts_and_host_keys.sql}), so a
 * key issued by one node signs the device in on every node, until revoked.
 */
public final class PostgresHostKeyStore implements HostKeyStore {

    private final Jdbi jdbi;

    public PostgresHostKeyStore(PostgresDatabase database) {
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
    }

    @Override
    public void save(UserId user, HostKeyDigest digest, long issuedAtMillis) {
        PostgresCalls.onHandle(jdbi, "save a host key", h -> h.createUpdate(
                        "INSERT INTO host_keys (digest, user_name, issued_at) VALUES (?, ?, ?)")
                .bind(0, digest.hex())
                .bind(1, user.name())
                .bind(2, issuedAtMillis)
                .execute());
    }

    @Override
    public Optional<IssuedHostKey> find(HostKeyDigest digest) {
        return PostgresCalls.onHandle(jdbi, "look up a host key", h -> h.createQuery(
                        "SELECT user_name, issued_at FROM host_keys WHERE digest = ?")
                .bind(0, digest.hex())
                .map((rs, ctx) -> new IssuedHostKey(new UserId(rs.getString(1)), rs.getLong(2)))
                .findOne());
    }

    @Override
    public int revokeAll(UserId user) {
        return PostgresCalls.onHandle(jdbi, "revoke host keys", h -> h.createUpdate("DELETE FROM host_keys WHERE user_name = ?")
                .bind(0, user.name())
                .execute());
    }
}
