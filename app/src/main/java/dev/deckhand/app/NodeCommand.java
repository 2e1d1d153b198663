package dev.deckhand.app;

import dev.deckhand.adapter.http.HttpClusterClient;
import dev.deckhand.adapter.passwords.Pbkdf2PasswordHashing;
import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.adapter.sqlite.collection.SqliteCollectionStore;
import dev.deckhand.app.backup.BackedUpCollection;
import dev.deckhand.app.backup.BackupDestination;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.model.nodes.NodeStatus;
import dev.deckhand.ports.out.StageOutcome;
import dev.deckhand.ports.out.StagedCollection;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.nodes.Placements;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code node}: the nodes of a cluster ({@code DECKHAND_NODE_ID}, docs/scaling.md). {@code list}
 * shows them; {@code drain} moves every user of a live node to the others, one at a time;
 * {@code accept} lets a drained node take new users again; {@code adopt} takes over the users of a
 * node that is gone, from the newest backup.
 */
@Command(name = "node", description = "The nodes of a cluster: list them, drain one, adopt the users of one that is gone.",
        subcommands = {NodeCommand.ListNodes.class, NodeCommand.Drain.class, NodeCommand.Accept.class, NodeCommand.Adopt.class})
final class NodeCommand {

    /** The cluster's shared state, as this machine's settings name it. */
    private static ServerState cluster(ServerConfig config) {
        if (config.serverDatabase().isEmpty()) {
            throw new ConfigException("this server is on its own: a cluster keeps its state in PostgreSQL"
                    + " (DECKHAND_SERVER_DATABASE=postgres, docs/scaling.md)");
        }
        return ServerState.open(DataFolder.existing(config.dataFolder()), config.serverDatabase(), new Pbkdf2PasswordHashing(),
                Clock.systemUTC(), new CompositeMeterRegistry());
    }

    private static NodeConfig thisNode(ServerConfig config) {
        return config.node().orElseThrow(() -> new ConfigException("DECKHAND_NODE_ID is not set: run this on a node, with its settings"));
    }

    private static NodeStatus find(Placements placements, NodeId id) {
        return placements.nodes().stream().filter(node -> node.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + id + " in this cluster"));
    }

    private static boolean live(NodeStatus node, Instant now) {
        return node.liveAt(now, NodeConfig.SILENCE_LIMIT);
    }

    @Command(name = "list", description = "Every node: its URL, users, whether it takes new users, when it was last seen.")
    static final class ListNodes implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Instant now = Instant.now();
            try (ServerState state = cluster(ServerConfig.load())) {
                List<NodeStatus> nodes = state.placements().orElseThrow().nodes();
                out.printf("%-16s %-40s %7s  %-12s %s%n", "NODE", "URL", "USERS", "NEW USERS", "LAST SEEN");
                for (NodeStatus node : nodes) {
                    long ago = Duration.between(node.lastSeen(), now).toSeconds();
                    out.printf("%-16s %-40s %7d  %-12s %d s ago%s%n", node.id(), node.publicUrl(), node.users(),
                            node.acceptsNewUsers() ? "yes" : "no (drained)", ago, live(node, now) ? "" : " (down)");
                }
            }
            return 0;
        }
    }

    @Command(name = "drain", description = {
        "Move every user of NODE to the other live nodes, one at a time, and place no new users on it.",
        "Each user's syncs are answered 'try again' for the seconds their collection takes to copy; their next sync"
            + " is a normal sync on the new node. NODE must be running: it copies its own collections."})
    static final class Drain implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NODE", description = "the node to empty")
        String node;

        @Override
        public Integer call() {
            ServerConfig config = ServerConfig.load();
            HttpClusterClient client = new HttpClusterClient(thisNode(config).secret());
            NodeId drained = new NodeId(node);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (ServerState state = cluster(config)) {
                Placements placements = state.placements().orElseThrow();
                NodeStatus source = find(placements, drained);
                if (!live(source, Instant.now())) {
                    err.println(drained + " has not been seen for " + NodeConfig.SILENCE_LIMIT.toSeconds()
                            + " s, so it cannot copy its collections; if it is gone, use: deckhand node adopt " + drained);
                    return 1;
                }
                placements.acceptNewUsers(drained, false);
                List<UserId> users = placements.usersOn(drained);
                out.printf("draining %s: %d users%n", drained, users.size());
                int failed = 0;
                for (UserId user : users) {
                    Optional<NodeStatus> target = leastLoadedOther(placements, drained);
                    if (target.isEmpty()) {
                        err.println("no other live node takes new users; " + (users.size() - failed) + " users stay on " + drained);
                        return 1;
                    }
                    try {
                        long bytes = client.requestMove(source.publicUrl(), user, target.get().id());
                        out.printf("moved %s to %s (%d bytes)%n", user.name(), target.get().id(), bytes);
                    } catch (StorageException e) {
                        failed++;
                        err.printf("could not move %s: %s%n", user.name(), e.getMessage());
                    }
                    out.flush();
                }
                out.printf("%s drained: %d moved, %d left there%n", drained, users.size() - failed, failed);
                return failed == 0 ? 0 : 1;
            }
        }

        private static Optional<NodeStatus> leastLoadedOther(Placements placements, NodeId drained) {
            Instant now = Instant.now();
            return placements.nodes().stream()
                    .filter(node -> !node.id().equals(drained) && node.acceptsNewUsers() && live(node, now))
                    .min(Comparator.comparingInt(NodeStatus::users).thenComparing(node -> node.id().value()));
        }
    }

    @Command(name = "accept", description = "Let NODE take new users again, after a drain.")
    static final class Accept implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NODE")
        String node;

        @Override
        public Integer call() {
            try (ServerState state = cluster(ServerConfig.load())) {
                if (!state.placements().orElseThrow().acceptNewUsers(new NodeId(node), true)) {
                    spec.commandLine().getErr().println("no node " + node + " in this cluster");
                    return 1;
                }
            }
            spec.commandLine().getOut().println(node + " takes new users again");
            return 0;
        }
    }

    @Command(name = "adopt", description = {
        "Take over the users of NODE, which is gone, onto this node: each user's collection comes from the newest"
            + " backup in DEST that holds it, checked against the backup's manifest, and the user is placed here.",
        "Syncs made after that backup are not on the server; the devices that made them still have them.",
        "Refused while NODE still announces itself. Run it on the adopting node's machine, with its settings."})
    static final class Adopt implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NODE", description = "the node that is gone")
        String node;

        @Option(names = "--from", paramLabel = "DEST", description = "the backups of NODE; default: DECKHAND_BACKUP_DIR")
        Path from;

        @Override
        public Integer call() {
            ServerConfig config = ServerConfig.load();
            NodeId self = thisNode(config).id();
            NodeId gone = new NodeId(node);
            if (gone.equals(self)) {
                throw new IllegalArgumentException("a node cannot adopt its own users");
            }
            Path backups = Optional.ofNullable(from).or(() -> config.backups().map(BackupSchedule::destination))
                    .orElseThrow(() -> new IllegalArgumentException("name NODE's backups with --from DEST"));
            BackupDestination destination = new BackupDestination(backups);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path dataFolder = DataFolder.existing(config.dataFolder());
            try (ServerState state = cluster(config);
                    SqliteCollectionStore collections = new SqliteCollectionStore(dataFolder,
                            new EmptyCollectionFactory(Clock.systemUTC()))) {
                Placements placements = state.placements().orElseThrow();
                NodeStatus status = find(placements, gone);
                if (live(status, Instant.now())) {
                    err.println(gone + " announced itself " + Duration.between(status.lastSeen(), Instant.now()).toSeconds()
                            + " s ago, so it is not gone; to move its users, use: deckhand node drain " + gone);
                    return 1;
                }
                placements.acceptNewUsers(gone, false);
                List<UserId> users = placements.usersOn(gone);
                out.printf("adopting %d users of %s from %s%n", users.size(), gone, backups);
                int missing = 0;
                for (UserId user : users) {
                    String path = dataFolder.relativize(new CollectionFiles(dataFolder).collection(user)).toString()
                            .replace('\\', '/');
                    Optional<BackedUpCollection> copy = BackedUpCollection.newest(destination, path);
                    if (copy.isEmpty()) {
                        missing++;
                        err.printf("no backup holds the collection of %s; it stays on %s%n", user.name(), gone);
                        continue;
                    }
                    restore(collections, user, copy.get());
                    placements.reassign(user, self);
                    out.printf("adopted %s from %s (%d bytes, taken %s)%n", user.name(), copy.get().backup(), copy.get().size(),
                            copy.get().takenAt());
                    out.flush();
                }
                out.printf("%s: %d users adopted, %d without a backup%n", self, users.size() - missing, missing);
                return missing == 0 ? 0 : 1;
            }
        }

        /** Installs the backed-up file here, checked as an upload is and against the manifest's digest. */
        private static void restore(SqliteCollectionStore collections, UserId user, BackedUpCollection copy) {
            MessageDigest digest = Sha256.newDigest();
            StageOutcome outcome;
            try (InputStream in = new DigestInputStream(Files.newInputStream(copy.file()), digest)) {
                outcome = collections.stage(user, in, Long.MAX_VALUE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + copy.file(), e);
            }
            if (outcome instanceof StageOutcome.Refused refused) {
                throw new IllegalStateException("the backed-up collection of " + user.name() + " is unusable: " + refused.detail());
            }
            try (StagedCollection staged = ((StageOutcome.Staged) outcome).collection()) {
                Sha256 read = Sha256.of(digest);
                if (!read.equals(copy.sha256())) {
                    throw new IllegalStateException(copy.file() + " hashes to " + read.hex() + ", not the "
                            + copy.sha256().hex() + " its manifest records");
                }
                collections.install(staged);
            }
        }
    }
}
