package dev.deckhand.adapter.image;

import static dev.deckhand.adapter.image.Samples.ascii;
import static dev.deckhand.adapter.image.Samples.bytes;
import static dev.deckhand.adapter.image.Samples.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.model.decks.MediaKind;
import dev.deckhand.ports.out.decks.MediaInspection;
import dev.deckhand.ports.out.decks.TranscodingException;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageIoTranscoderToWebpTest {

    private final ImageIoTranscoder transcoder = new ImageIoTranscoder();

    @TempDir
    Path dir;

    @Test
    void toWebp_jpegPhoto_isSmallerLossyWebpOfTheSamePicture() throws IOException {
        Path jpeg = Samples.writeJpeg(Samples.photo(640, 480), 0.9f, dir.resolve("photo.jpg"));
        Path webp = dir.resolve("photo.webp");

        assertThat(transcoder.toWebp(jpeg, inspect(jpeg), webp)).isTrue();

        assertThat(Samples.firstWebpChunk(webp)).isEqualTo("VP8 ");
        assertThat(Files.size(webp)).isLessThan(Files.size(jpeg));
        BufferedImage decoded = Samples.decodeWebp(webp);
        assertThat(decoded.getWidth()).isEqualTo(640);
        assertThat(decoded.getHeight()).isEqualTo(480);
        assertThat(Samples.meanChannelError(decoded, ImageIO.read(jpeg.toFile()))).isLessThan(6.0);
    }

    @Test
    void toWebp_pngPhoto_isSmallerLosslessWebp() throws IOException {
        BufferedImage photo = Samples.photo(640, 480);
        Path png = Samples.write(photo, "png", dir.resolve("photo.png"));
        Path webp = dir.resolve("photo.webp");

        assertThat(transcoder.toWebp(png, inspect(png), webp)).isTrue();

        assertThat(Samples.firstWebpChunk(webp)).isEqualTo("VP8L");
        assertThat(Files.size(webp)).isLessThan(Files.size(png));
        BufferedImage decoded = Samples.decodeWebp(webp);
        assertThat(decoded.getWidth()).isEqualTo(640);
        assertThat(decoded.getHeight()).isEqualTo(480);
        assertThat(Samples.differingPixels(decoded, photo)).isZero();
    }

    @Test
    void toWebp_flatColourDiagramPng_isPixelExact() throws IOException {
        BufferedImage diagram = Samples.diagram(300, 200);
        Path png = Samples.write(diagram, "png", dir.resolve("diagram.png"));
        Path webp = dir.resolve("diagram.webp");

        assertThat(transcoder.toWebp(png, inspect(png), webp)).isTrue();

        assertThat(Samples.firstWebpChunk(webp)).isEqualTo("VP8L");
        assertThat(Samples.differingPixels(Samples.decodeWebp(webp), diagram)).isZero();
    }

    /** Found by ImageIoTranscoderFuzzTest: the WebP writer indexed past a 2-band raster, and confirm answered 500. */
    @Test
    void toWebp_greyscalePngWithAlpha_isPixelExact() throws IOException {
        BufferedImage grey = greyWithAlpha(40, 30);
        Path png = Samples.write(grey, "png", dir.resolve("grey-alpha.png"));
        Path webp = dir.resolve("grey-alpha.webp");

        assertThat(transcoder.toWebp(png, inspect(png), webp)).isTrue();

        assertThat(Samples.differingPixels(Samples.decodeWebp(webp), ImageIO.read(png.toFile()))).isZero();
    }

    @Test
    void toWebp_greyscalePng_isPixelExact() throws IOException {
        BufferedImage grey = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(Samples.diagram(40, 30), 0, 0, null);
        Path png = Samples.write(grey, "png", dir.resolve("grey.png"));
        Path webp = dir.resolve("grey.webp");

        assertThat(transcoder.toWebp(png, inspect(png), webp)).isTrue();

        assertThat(Samples.differingPixels(Samples.decodeWebp(webp), ImageIO.read(png.toFile()))).isZero();
    }

    /** Grey and alpha, 8 bits each: PNG colour type 4, decoded by the JDK into a 2-band raster. */
    private static BufferedImage greyWithAlpha(int width, int height) {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        WritableRaster raster = model.createCompatibleWritableRaster(width, height);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // Alpha from 1 up: lossless WebP may change the colour of fully transparent pixels.
                raster.setPixel(x, y, new int[] {(x * 255) / width, 1 + (y * 254) / height});
            }
        }
        return new BufferedImage(model, raster, false, null);
    }

    @Test
    void toWebp_singleFrameGif_isLosslessFromItsPalette() throws IOException {
        Path gif = Samples.write(Samples.diagram(120, 80), "gif", dir.resolve("diagram.gif"));
        Path webp = dir.resolve("diagram.webp");

        assertThat(transcoder.toWebp(gif, inspect(gif), webp)).isTrue();

        assertThat(Samples.firstWebpChunk(webp)).isEqualTo("VP8L");
        assertThat(Samples.differingPixels(Samples.decodeWebp(webp), ImageIO.read(gif.toFile()))).isZero();
    }

    @Test
    void toWebp_bmp_isLossless() throws IOException {
        BufferedImage photo = Samples.photo(100, 70);
        Path bmp = Samples.write(photo, "bmp", dir.resolve("scan.bmp"));
        Path webp = dir.resolve("scan.webp");

        assertThat(transcoder.toWebp(bmp, inspect(bmp), webp)).isTrue();

        assertThat(Samples.firstWebpChunk(webp)).isEqualTo("VP8L");
        assertThat(Files.size(webp)).isLessThan(Files.size(bmp));
        assertThat(Samples.differingPixels(Samples.decodeWebp(webp), photo)).isZero();
    }

    @Test
    void toWebp_webpAudioAndAnimatedGif_areNotConvertedAndLeaveNoTarget() throws IOException {
        Path png = Samples.write(Samples.diagram(50, 40), "png", dir.resolve("a.png"));
        Path webp = dir.resolve("already.webp");
        transcoder.toWebp(png, inspect(png), webp);
        Path mp3 = Files.write(dir.resolve("a.mp3"), concat(ascii("ID3"), bytes(3, 0, 0, 0, 0, 0, 0), new byte[100]));
        Path ogg = Files.write(dir.resolve("a.ogg"), concat(ascii("OggS"), bytes(0, 2), new byte[100]));
        Path animated = Samples.writeGifSequence(dir.resolve("a.gif"), Samples.diagram(20, 20), Samples.photo(20, 20));

        for (Path source : new Path[] {webp, mp3, ogg, animated}) {
            Path target = dir.resolve(source.getFileName() + ".converted.webp");
            assertThat(transcoder.toWebp(source, inspect(source), target)).as("%s", source).isFalse();
            assertThat(target).doesNotExist();
        }
    }

    @Test
    void toWebp_pastTheSafetyLimit_refusesWithoutDecoding() throws IOException {
        Path bomb = Files.write(dir.resolve("bomb.png"), Samples.pngHeaderOnly(30_000, 30_000));
        Path target = dir.resolve("bomb.webp");

        assertThatThrownBy(() -> transcoder.toWebp(bomb, inspect(bomb), target))
                .isInstanceOf(TranscodingException.class)
                .hasMessageContaining("900000000 pixels");
        assertThat(target).doesNotExist();
    }

    @Test
    void toWebp_cmykJpeg_failsClearlyAndKeepsTheOldTarget() throws IOException {
        Path cmyk = Samples.writeCmykJpeg(64, 64, dir.resolve("print.jpg"));
        Path target = Files.writeString(dir.resolve("print.webp"), "previous version");

        assertThatThrownBy(() -> transcoder.toWebp(cmyk, inspect(cmyk), target))
                .isInstanceOf(TranscodingException.class)
                .hasMessageContaining("CMYK");
        assertThat(target).hasContent("previous version");
        assertNoLeftovers("print.jpg", "print.webp");
    }

    @Test
    void toWebp_pngWithoutPixelData_failsAndLeavesNothingBehind() throws IOException {
        Path png = Files.write(dir.resolve("cut.png"), Samples.pngHeaderOnly(64, 64));
        Path target = dir.resolve("cut.webp");

        assertThatThrownBy(() -> transcoder.toWebp(png, inspect(png), target))
                .isInstanceOf(TranscodingException.class)
                .hasMessageContaining("cannot decode PNG");
        assertThat(target).doesNotExist();
        assertNoLeftovers("cut.png");
    }

    private MediaInspection inspect(Path file) throws IOException {
        return transcoder.inspect(file).orElseThrow(() -> new AssertionError("not media: " + file));
    }

    private void assertNoLeftovers(String... expectedNames) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(expectedNames);
        }
    }
}
