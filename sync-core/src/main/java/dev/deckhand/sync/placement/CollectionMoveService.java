package dev.deckhand.sync.placement;

import dev.deckhand.ports.in.CollectionMoves;
import dev.deckhand.ports.in.MoveRefusedException;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.model.nodes.NodeStatus;
import dev.deckhand.ports.model.nodes.Placement;
import dev.deckhand.ports.out.CollectionStore;
import dev.deckhand.ports.out.StageOutcome;
import dev.deckhand.ports.out.StagedCollection;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.StoredFile;
import dev.deckhand.ports.out.nodes.CollectionCourier;
import dev.deckhand.ports.out.nodes.Placements;
import dev.deckhand.sync.SyncLimits;
import dev.deckhand.sync.lock.UserLocks;
import dev.deckhand.sync.session.SyncSessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Moves collections between nodes. The placement says "moving" before the lock is taken, so no new
 * sync starts while the move waits for one in progress; the user is placed on the other node only
 * after it reports the digest of exactly the bytes sent.
 */
@SuppressWarnings("try") // try-with-resources holds a lock for a block that never names it
public final class CollectionMoveService implements CollectionMoves {

    private final ClusterPlacement cluster;
    private final Placements placements;
    private final UserLocks locks;
    private final SyncSessions sessions;
    private final CollectionStore store;
    private final CollectionCourier courier;
    private final SyncLimits limits;

    public CollectionMoveService(ClusterPlacement cluster, UserLocks locks, SyncSessions sessions, CollectionStore store,
            CollectionCourier courier, SyncLimits limits) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.placements = cluster.placements();
        this.locks = Objects.requireNonNull(locks, "locks");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.store = Objects.requireNonNull(store, "store");
        this.courier = Objects.requireNonNull(courier, "courier");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    @Override
    public MovedCollection moveOut(UserId user, NodeId to) {
        NodeId self = cluster.self();
        if (to.equals(self)) {
            throw new MoveRefusedException(user.name() + " is already on " + self);
        }
        NodeStatus target = cluster.liveNodes(placements.nodes()).stream()
                .filter(node -> node.id().equals(to))
                .findFirst()
                .orElseThrow(() -> new MoveRefusedException(to + " is not a live node of this cluster"));
        if (!placements.beginMove(user, self)) {
            throw new MoveRefusedException(user.name() + " does not live on " + self + ", or is being moved already");
        }
        boolean moved = false;
        try (UserLocks.Held held = locks.acquire(user)) {
            sessions.abort(user, "the collection moved to " + to);
            StoredFile file = store.snapshot(user);
            // The snapshot is the stored file itself: measured now, as remove() below deletes it.
            long bytes = file.sizeBytes();
            Sha256 sent = sha256(file);
            Sha256 installed = courier.deliver(user, target.publicUrl(), file);
            if (!installed.equals(sent)) {
                throw new StorageException(to + " installed a collection of " + user.name() + " hashing to " + installed.hex()
                        + ", not the " + sent.hex() + " sent");
            }
            if (!placements.finishMove(user, self, to)) {
                throw new StorageException("the placement of " + user.name() + " changed during the move");
            }
            moved = true;
            store.remove(user);
            return new MovedCollection(user, to, bytes, sent);
        } finally {
            if (!moved) {
                placements.cancelMove(user, self);
            }
        }
    }

    @Override
    public Sha256 moveIn(UserId user, InputStream collection) {
        Placement placement = placements.placementOf(user)
                .filter(Placement::moving)
                .orElseThrow(() -> new MoveRefusedException(user.name() + " is not being moved"));
        if (placement.node().equals(cluster.self())) {
            throw new MoveRefusedException(user.name() + " is being moved away from this node, not to it");
        }
        MessageDigest digest = Sha256.newDigest();
        StageOutcome outcome = store.stage(user, new DigestInputStream(collection, digest), limits.maxCollectionBytes());
        if (outcome instanceof StageOutcome.Refused refused) {
            throw new MoveRefusedException("the collection of " + user.name() + " was refused: " + refused.detail());
        }
        try (StagedCollection staged = ((StageOutcome.Staged) outcome).collection();
                UserLocks.Held held = locks.acquire(user)) {
            sessions.abort(user, "replaced by a collection moved here");
            store.install(staged);
        }
        return Sha256.of(digest);
    }

    private static Sha256 sha256(StoredFile file) {
        try (InputStream in = file.open()) {
            return Sha256.of(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the collection to move", e);
        }
    }
}
