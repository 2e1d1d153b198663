package dev.deckhand.perf;

import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.adapter.sqlite.collection.SqliteCollectionStore;
import dev.deckhand.ports.model.Chunk;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.SyncTransaction;
import dev.deckhand.sync.chunks.ChunkMerge;
import dev.deckhand.sync.session.Session;
import dev.deckhand.sync.session.SyncSessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code applyChunk}'s merge against a real SQLite collection: a session begins on the user's open
 * connection, the chunk's new rows are merged (a stamp lookup and an insert per card and note, an
 * insert per review), and the session is rolled back so that every invocation sees the same file.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChunkMergeBenchmark {

    @Param({"4", "50"})
    public int notes;

    private final UserId user = new UserId("bench");
    private final SessionKey key = new SessionKey("bench-session");
    private final ChunkMerge merge = new ChunkMerge();
    private Path folder;
    private SqliteCollectionStore store;
    private SyncSessions sessions;
    private Chunk chunk;

    @Setup
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("deckhand-merge");
        store = new SqliteCollectionStore(folder, new EmptyCollectionFactory(Clock.systemUTC()));
        sessions = new SyncSessions(store, Clock.systemUTC(), Duration.ofMinutes(5));
        long basic;
        try (SyncTransaction tx = store.begin(user)) {
            basic = tx.notetypeIdByName("Basic").orElseThrow();
        }
        chunk = SampleRows.chunk(notes, basic, 0);
    }

    @Benchmark
    public Session mergeChunk() {
        Session session = sessions.start(user, key, 0, false);
        merge.apply(session, chunk);
        sessions.abort(user, "benchmark");
        return session;
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        try (var paths = Files.walk(folder)) {
            paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
    }
}
