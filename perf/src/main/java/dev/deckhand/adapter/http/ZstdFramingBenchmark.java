package dev.deckhand.adapter.http;

import com.github.luben.zstd.Zstd;
import dev.deckhand.perf.SampleRows;
import dev.deckhand.ports.model.NoteRow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The zstd framing of full syncs: an 8 MiB collection streamed in through {@link ZstdBodies#decoding}
 * (upload) and out through {@link ZstdBodies#encoding} (download), in the 64 KiB writes a servlet
 * output stream sees.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ZstdFramingBenchmark {

    private static final int SIZE = 8 << 20;
    private static final int LEVEL = 3;

    private byte[] collection;
    private byte[] compressed;
    private final byte[] buffer = new byte[64 << 10];

    @Setup
    public void setUp() {
        ByteArrayOutputStream text = new ByteArrayOutputStream(SIZE);
        for (long id = 1; text.size() < SIZE; id++) {
            NoteRow note = SampleRows.note(id, 1_600_000_000_000L, 5);
            text.writeBytes((note.id() + note.guid() + note.tags() + note.fields()).getBytes(StandardCharsets.UTF_8));
        }
        collection = text.toByteArray();
        compressed = Zstd.compress(collection, LEVEL);
    }

    @Benchmark
    public long decodeUpload() throws IOException {
        long total = 0;
        try (InputStream in = ZstdBodies.decoding(new ByteArrayInputStream(compressed))) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                total += n;
            }
        }
        return total;
    }

    @Benchmark
    public void encodeDownload(Blackhole sink) throws IOException {
        try (OutputStream out = ZstdBodies.encoding(DiscardingStream.of(sink), LEVEL)) {
            for (int offset = 0; offset < collection.length; offset += buffer.length) {
                out.write(collection, offset, Math.min(buffer.length, collection.length - offset));
            }
        }
    }

    /** Consumes bytes without keeping them, so the measurement is the encoder's alone. */
    private static final class DiscardingStream extends OutputStream {
        private final Blackhole sink;

        private DiscardingStream(Blackhole sink) {
            this.sink = sink;
        }

        static OutputStream of(Blackhole sink) {
            return new DiscardingStream(sink);
        }

        @Override
        public void write(int b) {
            sink.consume(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            sink.consume(bytes);
            sink.consume(length);
        }
    }
}
