package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.perf.SampleRows;
import dev.deckhand.ports.model.Chunk;
import dev.deckhand.ports.model.UnchunkedChanges;
import java.io.IOException;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JSON of {@code applyChunk} (read) and {@code chunk} (write) for a chunk of {@code notes}
 * notes with 2 cards and 2 review-log entries each (50 notes = the protocol's 250 rows), and of a
 * small {@code applyChanges} request (tags, config, no notetypes), as the routes read and write them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChunkJsonBenchmark {

    @Param({"4", "50"})
    public int notes;

    private SyncJson json;
    private WireChanges changes;
    private Chunk chunk;
    private byte[] chunkRequest;
    private byte[] changesRequest;

    @Setup
    public void setUp() throws IOException {
        json = new SyncJson();
        changes = new WireChanges(json.mapper());
        chunk = SampleRows.chunk(notes, 1_600_000_000_000L, -1);
        chunkRequest = json.write(out -> {
            out.writeStartObject();
            out.writeFieldName("chunk");
            WireChunk.write(out, chunk);
            out.writeEndObject();
        });
        ObjectNode request = json.mapper().createObjectNode();
        ObjectNode body = request.putObject("changes");
        body.putArray("models");
        body.putArray("decks").add(json.mapper().createArrayNode()).add(json.mapper().createArrayNode());
        body.putArray("tags").add("geography").add("capitals").add("level" + notes);
        body.putObject("conf").put("curDeck", 1).put("activeDecks", "[1]").put("sortType", "noteFld");
        body.putNull("crt");
        changesRequest = json.write(request);
    }

    @Benchmark
    public Chunk readChunk() {
        return WireChunk.read(json.parseObject(chunkRequest).get("chunk"));
    }

    @Benchmark
    public byte[] writeChunk() {
        return json.write(out -> WireChunk.write(out, chunk));
    }

    @Benchmark
    public UnchunkedChanges readChanges() {
        return changes.parse(json.parseObject(changesRequest).get("changes"));
    }
}
