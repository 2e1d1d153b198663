package dev.deckhand.perf;

import dev.deckhand.adapter.sqlite.collection.CollectionCheck;
import dev.deckhand.adapter.sqlite.collection.CollectionFiles;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.adapter.sqlite.collection.SqliteCollectionStore;
import dev.deckhand.ports.model.CardRow;
import dev.deckhand.ports.model.NoteRow;
import dev.deckhand.ports.model.RevlogRow;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.out.StageOutcome;
import dev.deckhand.ports.out.SyncTransaction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
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
 * Where a full upload's server time goes once the body is decoded: {@code stage} (the body copied
 * to disk and fsynced, then {@link CollectionCheck}), the check on its own, and SQLite's two checks
 * apart. The collection has the large case's shape (bench/README.md): per note 2 cards and 5
 * review-log entries; it is built once per trial ({@code -p notes=100000} for the large case).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
public class FullUploadBenchmark {

    @Param({"20000"})
    public int notes;

    /**
     * An existing collection to upload instead of a generated one, e.g. the benchmark's cached
     * {@code bench/cache/shaped-n100000-...anki2}: files Anki wrote lay their pages out differently
     * from one built row by row, and SQLite's checks cost differently on them.
     */
    @Param({""})
    public String file;

    /** SQLite page cache for {@link #integrityCheck} and {@link #quickCheck}, in KiB; 0 = SQLite's default (2 MiB). */
    @Param({"0"})
    public int checkCacheKiB;

    private final UserId user = new UserId("bench");
    private Path folder;
    private SqliteCollectionStore store;
    private Path upload;

    @Setup
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("deckhand-upload");
        upload = folder.resolve("upload.anki2");
        if (!file.isEmpty()) {
            Files.copy(Path.of(file), upload);
            store = new SqliteCollectionStore(folder.resolve("data"), new EmptyCollectionFactory(Clock.systemUTC()));
            return;
        }
        store = new SqliteCollectionStore(folder.resolve("data"), new EmptyCollectionFactory(Clock.systemUTC()));
        try (SyncTransaction tx = store.begin(user)) {
            long basic = tx.notetypeIdByName("Basic").orElseThrow();
            for (long id = 1; id <= notes; id++) {
                NoteRow note = SampleRows.note(id, basic, 0);
                tx.putNote(note, note.fields().substring(0, note.fields().indexOf(NoteRow.FIELD_SEPARATOR)), id * 2_654_435_761L % 4_000_000_000L);
                for (int c = 0; c < 2; c++) {
                    CardRow card = SampleRows.card(10 * id + c, id, c, 0);
                    tx.putCard(card);
                    for (int r = 0; r < (c == 0 ? 3 : 2); r++) {
                        tx.addRevlog(new RevlogRow(100 * id + 10 * c + r, card.id(), 0, 3, 4, 1, 2500, 6_250, 1));
                    }
                }
            }
            tx.commit(System.currentTimeMillis());
        }
        store.close();
        Files.copy(new CollectionFiles(folder.resolve("data")).collection(user), upload, StandardCopyOption.REPLACE_EXISTING);
        store = new SqliteCollectionStore(folder.resolve("data"), new EmptyCollectionFactory(Clock.systemUTC()));
    }

    @Benchmark
    public StageOutcome stage() throws IOException {
        try (InputStream body = Files.newInputStream(upload)) {
            StageOutcome outcome = store.stage(user, body, Long.MAX_VALUE);
            if (!(outcome instanceof StageOutcome.Staged staged)) {
                throw new IllegalStateException("refused: " + outcome);
            }
            staged.collection().close();
            return outcome;
        }
    }

    @Benchmark
    public Optional<String> check() throws IOException {
        Optional<String> problem = CollectionCheck.problemWith(upload);
        if (problem.isPresent()) {
            throw new IllegalStateException(problem.get());
        }
        return problem;
    }

    @Benchmark
    public String integrityCheck() throws SQLException {
        return pragma("PRAGMA integrity_check(5)");
    }

    @Benchmark
    public String quickCheck() throws SQLException {
        return pragma("PRAGMA quick_check(5)");
    }

    private String pragma(String sql) throws SQLException {
        try (Connection connection = CollectionCheck.open(upload); Statement statement = connection.createStatement()) {
            if (checkCacheKiB > 0) {
                statement.execute("PRAGMA cache_size = -" + checkCacheKiB);
            }
            try (ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        try (var paths = Files.walk(folder)) {
            paths.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
        }
    }
}
