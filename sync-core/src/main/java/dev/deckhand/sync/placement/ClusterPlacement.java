package dev.deckhand.sync.placement;

import dev.deckhand.ports.in.AccountMovingException;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.model.nodes.NodeStatus;
import dev.deckhand.ports.model.nodes.Placement;
import dev.deckhand.ports.out.nodes.Placements;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One node of several sharing a {@link Placements}: a user lives on the node their placement names,
 * and a user seen for the first time is placed on the live node with the fewest users that accepts
 * new ones (this node wins a tie, so a new user's first sync needs no redirect when it can).
 */
public final class ClusterPlacement implements UserPlacement {

    /** How soon a client is told to try again while its collection moves: a move takes seconds. */
    static final long MOVE_RETRY_SECONDS = 30;
    /** Nodes keep their URLs; a list of them this old is still good for a redirect. */
    static final Duration URLS_FRESH = Duration.ofSeconds(30);

    private final Placements placements;
    private final NodeId self;
    private final URI selfUrl;
    private final Clock clock;
    private final Duration silenceLimit;
    private volatile KnownUrls knownUrls;

    /**
     * @param silenceLimit a node that has not announced itself for this long is taken to be down and
     *     gets no new users
     */
    public ClusterPlacement(Placements placements, NodeId self, URI selfUrl, Clock clock, Duration silenceLimit) {
        this.placements = Objects.requireNonNull(placements, "placements");
        this.self = Objects.requireNonNull(self, "self");
        this.selfUrl = Objects.requireNonNull(selfUrl, "selfUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.silenceLimit = Objects.requireNonNull(silenceLimit, "silenceLimit");
    }

    public NodeId self() {
        return self;
    }

    Placements placements() {
        return placements;
    }

    /**
     * Joins the cluster at start-up: announces this node and ends the moves a crash of this node
     * left begun, so their users are not told "moving" for ever. Call before serving.
     *
     * @return how many unfinished moves were ended
     */
    public int join() {
        announce();
        return placements.cancelMovesFrom(self);
    }

    /** Tells the other nodes this one is alive and where clients reach it; call it well within the silence limit. */
    public void announce() {
        placements.announce(self, selfUrl, clock.instant());
    }

    @Override
    public Optional<URI> elsewhere(UserId user) {
        Placement placement = placements.placementOf(user).orElseGet(() -> placements.placeIfAbsent(user, leastLoaded()));
        if (placement.moving()) {
            throw new AccountMovingException(MOVE_RETRY_SECONDS);
        }
        return placement.node().equals(self) ? Optional.empty() : Optional.of(urlOf(placement.node()));
    }

    /** The live node with the fewest users that takes new ones; this node when none does. */
    NodeId leastLoaded() {
        return liveNodes(placements.nodes()).stream()
                .filter(NodeStatus::acceptsNewUsers)
                .min(Comparator.comparingInt(NodeStatus::users)
                        .thenComparing(node -> !node.id().equals(self))
                        .thenComparing(node -> node.id().value()))
                .map(NodeStatus::id)
                .orElse(self);
    }

    /** The nodes that announced themselves within the silence limit. */
    public List<NodeStatus> liveNodes(List<NodeStatus> nodes) {
        Instant now = clock.instant();
        return nodes.stream().filter(node -> node.liveAt(now, silenceLimit)).toList();
    }

    /**
     * A node's URL, from the list of nodes read at most {@link #URLS_FRESH} ago: a redirect then costs
     * no count of every node's users. A node missing from that list is looked up once more.
     */
    private URI urlOf(NodeId node) {
        return Optional.ofNullable(urls(false).get(node))
                .or(() -> Optional.ofNullable(urls(true).get(node)))
                .orElseThrow(() -> new IllegalStateException("user placed on unknown node " + node));
    }

    private Map<NodeId, URI> urls(boolean refresh) {
        KnownUrls known = knownUrls;
        Instant now = clock.instant();
        if (refresh || known == null || known.readAt().plus(URLS_FRESH).isBefore(now)) {
            Map<NodeId, URI> urls = new HashMap<>();
            placements.nodes().forEach(status -> urls.put(status.id(), status.publicUrl()));
            known = new KnownUrls(now, Map.copyOf(urls));
            knownUrls = known;
        }
        return known.urls();
    }

    private record KnownUrls(Instant readAt, Map<NodeId, URI> urls) {}
}
