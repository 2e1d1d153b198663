package dev.deckhand.sync;

import dev.deckhand.ports.in.NormalSync;
import dev.deckhand.ports.in.SanityOutcome;
import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.model.Chunk;
import dev.deckhand.ports.model.Graves;
import dev.deckhand.ports.model.SanityCounts;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.UnchunkedChanges;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.sync.changes.ChangesStep;
import dev.deckhand.sync.chunks.ChunkMerge;
import dev.deckhand.sync.chunks.ChunkStep;
import dev.deckhand.sync.lock.UserLocks;
import dev.deckhand.sync.placement.PlacedLocks;
import dev.deckhand.sync.sanity.SanityStep;
import dev.deckhand.sync.session.Session;
import dev.deckhand.sync.session.SyncSessions;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Normal sync, one step per call. Each call holds the user's lock; any failure inside a step rolls
 * the whole session back, so the collection is either as before {@code start} or fully merged.
 */
@SuppressWarnings("try") // try-with-resources holds a lock, place or open resource for a block that never names it
public final class NormalSyncService implements NormalSync {

    private final SyncSessions sessions;
    private final UserLocks locks;
    private final PlacedLocks placedLocks;
    private final Clock clock;
    private final ChangesStep changes = new ChangesStep();
    private final ChunkStep chunks = new ChunkStep();
    private final ChunkMerge chunkMerge = new ChunkMerge();
    private final SanityStep sanity = new SanityStep();

    public NormalSyncService(SyncSessions sessions, UserLocks locks, PlacedLocks placedLocks, Clock clock) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.placedLocks = Objects.requireNonNull(placedLocks, "placedLocks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Graves start(UserId user, SessionKey session, int clientUsn, boolean clientIsNewer, Optional<Graves> legacyGraves) {
        requireKey(session);
        try (UserLocks.Held held = placedLocks.acquireHere(user)) {
            Session started = sessions.start(user, session, clientUsn, clientIsNewer);
            return inSession(user, started, s -> {
                // Taken before the client's deletions are applied, so they are not sent back to it.
                Graves serverGraves = s.transaction().gravesSince(s.clientUsn());
                legacyGraves.ifPresent(graves -> s.transaction().delete(graves, s.serverUsn()));
                return serverGraves;
            });
        }
    }

    @Override
    public void applyGraves(UserId user, SessionKey session, Graves graves) {
        step(user, session, s -> {
            s.transaction().delete(graves, s.serverUsn());
            return null;
        });
    }

    @Override
    public UnchunkedChanges applyChanges(UserId user, SessionKey session, UnchunkedChanges clientChanges) {
        return step(user, session, s -> changes.apply(s, clientChanges, clock.millis() / 1000));
    }

    @Override
    public Chunk chunk(UserId user, SessionKey session) {
        return step(user, session, chunks::next);
    }

    @Override
    public void applyChunk(UserId user, SessionKey session, Chunk chunk) {
        step(user, session, s -> {
            chunkMerge.apply(s, chunk);
            return null;
        });
    }

    @Override
    public SanityOutcome sanityCheck(UserId user, SessionKey session, SanityCounts client) {
        try (UserLocks.Held held = locks.acquire(user)) {
            Session active = sessions.require(user, session);
            SanityOutcome outcome = inSession(user, active, s -> sanity.check(s, client));
            if (!outcome.matches()) {
                sessions.abort(user, "sanity check failed: client " + client + ", server " + outcome.server().orElse(null));
            }
            return outcome;
        }
    }

    @Override
    public long finish(UserId user, SessionKey session) {
        return step(user, session, s -> {
            long now = clock.millis();
            s.transaction().commit(now);
            sessions.finished(user, s);
            return now;
        });
    }

    @Override
    public void abandon(UserId user, SessionKey session, String reason) {
        try (UserLocks.Held held = locks.acquire(user)) {
            sessions.abortIfActive(user, session, reason);
        }
    }

    /** Rolls back sessions nobody has touched for the idle timeout. */
    public void expireIdleSessions() {
        sessions.expireIdle((user, action) -> {
            try (UserLocks.Held held = locks.acquire(user)) {
                action.run();
            } catch (SyncConflictException busy) {
                // The user is mid-request, so the session is not idle after all.
            }
        });
    }

    private <T> T step(UserId user, SessionKey key, Function<Session, T> work) {
        requireKey(key);
        try (UserLocks.Held held = locks.acquire(user)) {
            return inSession(user, sessions.require(user, key), work);
        }
    }

    private <T> T inSession(UserId user, Session session, Function<Session, T> work) {
        try {
            return work.apply(session);
        } catch (RuntimeException e) {
            sessions.abort(user, "failed: " + e.getMessage());
            throw e;
        }
    }

    private static void requireKey(SessionKey key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("a normal sync needs a session key");
        }
    }
}
