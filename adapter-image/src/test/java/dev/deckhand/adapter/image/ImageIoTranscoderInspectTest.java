package dev.deckhand.adapter.image;

import static dev.deckhand.adapter.image.Samples.ascii;
import static dev.deckhand.adapter.image.Samples.bytes;
import static dev.deckhand.adapter.image.Samples.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.model.decks.MediaKind;
import dev.deckhand.ports.out.decks.MediaInspection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageIoTranscoderInspectTest {

    private final ImageIoTranscoder transcoder = new ImageIoTranscoder();

    @TempDir
    Path dir;

    @Test
    void inspect_png_readsSizeFromHeader() throws IOException {
        Path png = Samples.write(Samples.diagram(64, 48), "png", dir.resolve("a.png"));

        assertThat(transcoder.inspect(png)).contains(new MediaInspection(MediaKind.PNG, 64, 48, false));
    }

    @Test
    void inspect_jpeg_readsSizeFromHeader() throws IOException {
        Path jpeg = Samples.writeJpeg(Samples.photo(80, 60), 0.9f, dir.resolve("a.jpg"));

        assertThat(transcoder.inspect(jpeg)).contains(new MediaInspection(MediaKind.JPEG, 80, 60, false));
    }

    @Test
    void inspect_singleFrameGif_isNotAnimated() throws IOException {
        Path gif = Samples.write(Samples.diagram(30, 20), "gif", dir.resolve("a.gif"));

        assertThat(transcoder.inspect(gif)).contains(new MediaInspection(MediaKind.GIF, 30, 20, false));
    }

    @Test
    void inspect_gifWithTwoFrames_isAnimated() throws IOException {
        Path gif = Samples.writeGifSequence(dir.resolve("a.gif"), Samples.diagram(30, 20), Samples.photo(30, 20));

        assertThat(transcoder.inspect(gif)).contains(new MediaInspection(MediaKind.GIF, 30, 20, true));
    }

    @Test
    void inspect_gifFrameLargerThanItsScreen_reportsTheFrame() throws IOException {
        // A 1x1 logical screen holding one 5000x4000 frame: the frame is what a decoder allocates.
        byte[] gif = concat(ascii("GIF89a"), bytes(1, 0, 1, 0, 0x80, 0, 0), bytes(0, 0, 0, 255, 255, 255),
                bytes(0x2C, 0, 0, 0, 0, 0x88, 0x13, 0xA0, 0x0F, 0), bytes(2, 2, 0x4C, 0x01, 0), bytes(0x3B));

        assertThat(transcoder.inspect(write("tiny.gif", gif)))
                .contains(new MediaInspection(MediaKind.GIF, 5000, 4000, false));
    }

    @Test
    void inspect_bmp_readsSizeFromHeader() throws IOException {
        Path bmp = Samples.write(Samples.diagram(40, 30), "bmp", dir.resolve("a.bmp"));

        assertThat(transcoder.inspect(bmp)).contains(new MediaInspection(MediaKind.BMP, 40, 30, false));
    }

    @Test
    void inspect_webpWrittenLosslessAndLossy_readsSizeFromEitherChunk() throws IOException {
        Path png = Samples.write(Samples.diagram(120, 90), "png", dir.resolve("a.png"));
        Path jpeg = Samples.writeJpeg(Samples.photo(121, 91), 0.9f, dir.resolve("a.jpg"));
        Path lossless = dir.resolve("lossless.webp");
        Path lossy = dir.resolve("lossy.webp");
        transcoder.toWebp(png, transcoder.inspect(png).orElseThrow(), lossless);
        transcoder.toWebp(jpeg, transcoder.inspect(jpeg).orElseThrow(), lossy);

        assertThat(Samples.firstWebpChunk(lossless)).isEqualTo("VP8L");
        assertThat(transcoder.inspect(lossless)).contains(new MediaInspection(MediaKind.WEBP, 120, 90, false));
        assertThat(Samples.firstWebpChunk(lossy)).isEqualTo("VP8 ");
        assertThat(transcoder.inspect(lossy)).contains(new MediaInspection(MediaKind.WEBP, 121, 91, false));
    }

    @Test
    void inspect_extendedWebpWithAnimationFlag_isAnimatedAtCanvasSize() throws IOException {
        byte[] webp = concat(ascii("RIFF"), bytes(30, 0, 0, 0), ascii("WEBP"),
                ascii("VP8X"), bytes(10, 0, 0, 0), bytes(0x02, 0, 0, 0), bytes(0x8F, 0x01, 0x00, 0x2B, 0x01, 0x00),
                ascii("ANIM"), bytes(6, 0, 0, 0, 0, 0, 0, 0, 0, 0));

        assertThat(transcoder.inspect(write("a.webp", webp)))
                .contains(new MediaInspection(MediaKind.WEBP, 400, 300, true));
    }

    @Test
    void inspect_mp3WithId3Tag_isAudioWithoutSize() throws IOException {
        byte[] mp3 = concat(ascii("ID3"), bytes(4, 0, 0, 0, 0, 0, 0), mpegFrame());

        assertThat(transcoder.inspect(write("a.mp3", mp3))).contains(new MediaInspection(MediaKind.MP3, 0, 0, false));
    }

    @Test
    void inspect_mp3StartingWithAFrame_isAudio() throws IOException {
        assertThat(transcoder.inspect(write("a.mp3", mpegFrame()))).map(MediaInspection::kind).contains(MediaKind.MP3);
    }

    @Test
    void inspect_ogg_isAudio() throws IOException {
        byte[] ogg = concat(ascii("OggS"), bytes(0, 2), new byte[21], ascii("\u0001vorbis"));

        assertThat(transcoder.inspect(write("a.ogg", ogg))).contains(new MediaInspection(MediaKind.OGG, 0, 0, false));
    }

    @Test
    void inspect_pngNamedLikeAJpeg_isStillPng() throws IOException {
        Path disguised = Samples.write(Samples.diagram(16, 16), "png", dir.resolve("holiday-photo.jpg"));

        assertThat(transcoder.inspect(disguised)).map(MediaInspection::kind).contains(MediaKind.PNG);
    }

    @Test
    void inspect_pngHeaderClaiming30000x30000_isQuickAndAllocatesNoPixels() throws IOException {
        Path bomb = write("bomb.png", Samples.pngHeaderOnly(30_000, 30_000));
        // The first ImageIO use in a JVM scans the class path for plugins; that cost is not the header's.
        transcoder.inspect(Samples.write(Samples.diagram(8, 8), "png", dir.resolve("warm-up.png")));
        com.sun.management.ThreadMXBean thread = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = thread.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();

        Optional<MediaInspection> inspection = transcoder.inspect(bomb);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        long allocated = thread.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertThat(inspection).contains(new MediaInspection(MediaKind.PNG, 30_000, 30_000, false));
        assertThat(took).isLessThan(Duration.ofMillis(100));
        // Decoding would take 30000 * 30000 * 4 bytes = 3.6 GB.
        assertThat(allocated).isLessThan(1024L * 1024);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notMedia")
    void inspect_whatIsNoMediaOrHasAnUnreadableHeader_isEmpty(String what, byte[] content) throws IOException {
        assertThat(transcoder.inspect(write("upload.png", content))).isEmpty();
    }

    static Stream<Arguments> notMedia() throws IOException {
        byte[] png = Samples.pngHeaderOnly(64, 64);
        return Stream.of(
                Arguments.of("empty file", new byte[0]),
                Arguments.of("HTML", utf8("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")),
                Arguments.of("SVG", utf8("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\""
                        + " width=\"10\" height=\"10\"><script>alert(1)</script></svg>")),
                Arguments.of("ZIP", zip()),
                Arguments.of("text starting with BM", utf8("BMW 320d, first registered 2019, 84000 km, one owner")),
                Arguments.of("PNG cut inside IHDR", Arrays.copyOf(png, 20)),
                Arguments.of("JPEG cut after APP0", bytes(0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0)),
                Arguments.of("JPEG magic then HTML",
                        concat(bytes(0xFF, 0xD8, 0xFF), utf8("<html><script>alert(1)</script>"))),
                Arguments.of("GIF cut before any image", concat(ascii("GIF89a"), bytes(10, 0, 10, 0, 0, 0, 0))),
                Arguments.of("BMP wrapping a PNG", bmpWrapping(png)),
                Arguments.of("BMP whose pixels start past the end", bmpWithPixelOffset(0x7FFF_FFFF)),
                Arguments.of("RIFF WAVE", concat(ascii("RIFF"), bytes(36, 0, 0, 0), ascii("WAVEfmt "), new byte[24])),
                Arguments.of("WebP with an unknown first chunk",
                        concat(ascii("RIFF"), bytes(30, 0, 0, 0), ascii("WEBPABCD"), new byte[18])),
                Arguments.of("frame sync with reserved bits", bytes(0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0)),
                Arguments.of("ID3 with an unknown version", concat(ascii("ID3"), bytes(9, 0, 0, 0, 0, 0, 0))),
                Arguments.of("OggS with an unknown version", concat(ascii("OggS"), bytes(1, 2), new byte[21])));
    }

    /** MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, then silence to the end of the 417-byte frame. */
    private static byte[] mpegFrame() {
        return concat(bytes(0xFF, 0xFB, 0x90, 0x64), new byte[413]);
    }

    /** A BMP header (40-byte info header, compression 5 = embedded PNG) claiming 10x10, then the PNG. */
    private static byte[] bmpWrapping(byte[] png) {
        return concat(bmpHeader(54, 5), png);
    }

    private static byte[] bmpWithPixelOffset(int offset) {
        return concat(bmpHeader(offset, 0), new byte[10 * 10 * 3]);
    }

    private static byte[] bmpHeader(int pixelOffset, int compression) {
        return ByteBuffer.allocate(54).order(ByteOrder.LITTLE_ENDIAN)
                .put(ascii("BM")).putInt(54 + 300).putInt(0).putInt(pixelOffset)
                .putInt(40).putInt(10).putInt(10).putShort((short) 1).putShort((short) 24).putInt(compression)
                .array();
    }

    private static byte[] zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("collection.anki2"));
            zip.write(utf8("not an image"));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }
}
