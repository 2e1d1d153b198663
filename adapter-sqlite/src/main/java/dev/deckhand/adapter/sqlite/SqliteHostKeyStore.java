package dev.deckhand.adapter.sqlite;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.HostKeyDigest;
import dev.deckhand.ports.out.HostKeyStore;
import dev.deckhand.ports.out.IssuedHostKey;
import dev.deckhand.ports.out.StorageException;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Host-key digests in the server database; they survive restarts until revoked. */
public final class SqliteHostKeyStore implements HostKeyStore {

    private final Jdbi jdbi;

    public SqliteHostKeyStore(ServerDatabase database) {
        this.jdbi = Objects.requireNonNull(database, "database").jdbi();
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
            return jdbi.withHandle(h -> h.createQuery("SELECT user_name, issued_at FROM host_keys WHERE digest = ?")
                    .bind(0, digest.hex())
                    .map((rs, ctx) -> new IssuedHostKey(new UserId(rs.getString(1)), rs.getLong(2)))
                    .findOne());
        } catch (JdbiException e) {
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
