package dev.deckhand.ports.testing;

import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.model.nodes.NodeStatus;
import dev.deckhand.ports.model.nodes.Placement;
import dev.deckhand.ports.out.nodes.Placements;
import java.net.URI;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link Placements} in two maps behind one lock, for tests of the cores and of several nodes in one JVM. */
public final class InMemoryPlacements implements Placements {

    private record Node(URI publicUrl, boolean acceptsNewUsers, Instant lastSeen) {}

    private final Map<NodeId, Node> nodes = new TreeMap<>(Comparator.comparing(NodeId::value));
    private final Map<UserId, Placement> placements = new HashMap<>();

    @Override
    public synchronized void announce(NodeId node, URI publicUrl, Instant now) {
        boolean accepts = Optional.ofNullable(nodes.get(node)).map(Node::acceptsNewUsers).orElse(true);
        nodes.put(node, new Node(publicUrl, accepts, now));
    }

    @Override
    public synchronized List<NodeStatus> nodes() {
        return nodes.entrySet().stream()
                .map(e -> new NodeStatus(e.getKey(), e.getValue().publicUrl(), e.getValue().acceptsNewUsers(),
                        e.getValue().lastSeen(), usersOn(e.getKey()).size()))
                .toList();
    }

    @Override
    public synchronized boolean acceptNewUsers(NodeId node, boolean accept) {
        Node known = nodes.get(node);
        if (known == null) {
            return false;
        }
        nodes.put(node, new Node(known.publicUrl(), accept, known.lastSeen()));
        return true;
    }

    @Override
    public synchronized Optional<Placement> placementOf(UserId user) {
        return Optional.ofNullable(placements.get(user));
    }

    @Override
    public synchronized Placement placeIfAbsent(UserId user, NodeId node) {
        return placements.computeIfAbsent(user, u -> new Placement(node, false));
    }

    @Override
    public synchronized List<UserId> usersOn(NodeId node) {
        return placements.entrySet().stream()
                .filter(e -> e.getValue().node().equals(node))
                .map(Map.Entry::getKey)
                .sorted(Comparator.comparing(UserId::name))
                .toList();
    }

    @Override
    public synchronized boolean beginMove(UserId user, NodeId from) {
        Placement placement = placements.get(user);
        if (placement == null || placement.moving() || !placement.node().equals(from)) {
            return false;
        }
        placements.put(user, new Placement(from, true));
        return true;
    }

    @Override
    public synchronized boolean finishMove(UserId user, NodeId from, NodeId to) {
        if (!placements.getOrDefault(user, new Placement(to, false)).equals(new Placement(from, true))) {
            return false;
        }
        placements.put(user, new Placement(to, false));
        return true;
    }

    @Override
    public synchronized boolean cancelMove(UserId user, NodeId from) {
        if (!new Placement(from, true).equals(placements.get(user))) {
            return false;
        }
        placements.put(user, new Placement(from, false));
        return true;
    }

    @Override
    public synchronized int cancelMovesFrom(NodeId node) {
        Placement moving = new Placement(node, true);
        int cancelled = 0;
        for (Map.Entry<UserId, Placement> entry : placements.entrySet()) {
            if (entry.getValue().equals(moving)) {
                entry.setValue(new Placement(node, false));
                cancelled++;
            }
        }
        return cancelled;
    }

    @Override
    public synchronized Optional<Placement> reassign(UserId user, NodeId to) {
        return Optional.ofNullable(placements.put(user, new Placement(to, false)));
    }

    @Override
    public synchronized boolean forget(UserId user) {
        return placements.remove(user) != null;
    }
}
