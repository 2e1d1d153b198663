package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdOutputStream;
import dev.deckhand.perf.SampleRows;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
 * What every sync request pays around its payload: the {@code anki-sync} header, the zstd-streamed
 * request body decoded into memory, and the response compressed into one frame, as the routes do
 * them (with the contexts they reuse). {@code small} is a
 * body like {@code start}'s, {@code chunk} an {@code applyChunk} of 250 rows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeBenchmark {

    private static final long LIMIT = 100L << 20;
    private static final int RESPONSE_LEVEL = 3;

    @Param({"small", "chunk"})
    public String body;

    private final String header = "{\"v\":11,\"k\":\"3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7\",\"c\":\"26.9.3,a1b2c3d,linux:debian\",\"s\":\"Xk3dP0qL\"}";
    private ObjectMapper mapper;
    private final ZstdContexts zstd = new ZstdContexts(RESPONSE_LEVEL, 2);
    private byte[] payload;
    private byte[] compressedRequest;

    @Setup
    public void setUp() throws IOException {
        SyncJson json = new SyncJson();
        mapper = json.mapper();
        payload = body.equals("small")
                ? "{\"minUsn\":1042,\"lnewer\":false,\"graves\":null}".getBytes(StandardCharsets.UTF_8)
                : json.write(out -> {
                    out.writeStartObject();
                    out.writeFieldName("chunk");
                    WireChunk.write(out, SampleRows.chunk(50, 1_600_000_000_000L, -1));
                    out.writeEndObject();
                });
        // As the client sends it: a zstd stream without a content size in the frame header.
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream out = new ZstdOutputStream(compressed, RESPONSE_LEVEL)) {
            out.write(payload);
        }
        compressedRequest = compressed.toByteArray();
    }

    @Benchmark
    public AnkiSyncHeader parseHeader() {
        return AnkiSyncHeader.parse(header, mapper);
    }

    @Benchmark
    public byte[] decodeRequest() throws IOException {
        return zstd.readAll(new ByteArrayInputStream(compressedRequest), LIMIT);
    }

    @Benchmark
    public byte[] encodeResponse() {
        return zstd.compress(payload);
    }
}
