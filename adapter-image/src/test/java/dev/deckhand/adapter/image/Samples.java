package dev.deckhand.adapter.image;

import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/** Test inputs: images drawn in code and written by the JDK's writers, and hostile bytes written by hand. */
final class Samples {

    private Samples() {
    }

    /** Smooth gradients under per-pixel noise: compresses like a photo, not like a drawing. */
    static BufferedImage photo(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random noise = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double wave = Math.sin(x / 37.0) * Math.cos(y / 23.0);
                int red = channel(128 + 90 * wave + 60.0 * x / width, noise);
                int green = channel(100 + 60 * Math.sin((x + y) / 51.0) + 80.0 * y / height, noise);
                int blue = channel(160 - 70 * wave, noise);
                image.setRGB(x, y, red << 16 | green << 8 | blue);
            }
        }
        return image;
    }

    private static int channel(double value, Random noise) {
        return Math.max(0, Math.min(255, (int) value + noise.nextInt(17) - 8));
    }

    /** A few flat-coloured boxes and lines on white, like a diagram on a flashcard. */
    static BufferedImage diagram(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(0x1F77B4));
            g.fillRect(10, 10, width / 3, height / 3);
            g.setColor(new Color(0xD62728));
            g.fillRect(width / 2, height / 2, width / 3, height / 3);
            g.setColor(Color.BLACK);
            g.drawLine(10 + width / 6, 10 + height / 6, width / 2 + width / 6, height / 2 + height / 6);
            g.drawRect(5, 5, width - 11, height - 11);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes with the JDK's writer for {@code format} ("png", "gif", "bmp", "jpeg"). */
    static Path write(BufferedImage image, String format, Path file) throws IOException {
        if (!ImageIO.write(image, format, file.toFile())) {
            throw new IllegalStateException("no writer for " + format);
        }
        return file;
    }

    static Path writeJpeg(BufferedImage image, float quality, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return file;
    }

    /** A four-channel JPEG, which the JDK reads as CMYK. */
    static Path writeCmykJpeg(int width, int height, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            Raster fourChannels = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 4, null);
            writer.write(null, new IIOImage(fourChannels, null, null), null);
        } finally {
            writer.dispose();
        }
        return file;
    }

    static Path writeGifSequence(Path file, BufferedImage... frames) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                writer.writeToSequence(new IIOImage(frame, null, null), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return file;
    }

    /** The PNG signature and an IHDR chunk (8-bit RGBA) with a correct CRC, and no pixel data at all. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17)
                .put(ascii("IHDR")).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'))
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue())
                .array();
    }

    /** Decodes with TwelveMonkeys' pure-Java reader, not the writer's native one. */
    static BufferedImage decodeWebp(Path file) throws IOException {
        ImageReader reader = new WebPImageReaderSpi().createReaderInstance();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            reader.setInput(in);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    /** The first chunk after the RIFF header: "VP8L" for lossless, "VP8 " for lossy, "VP8X" for extended. */
    static String firstWebpChunk(Path file) throws IOException {
        return new String(Files.readAllBytes(file), 12, 4, StandardCharsets.US_ASCII);
    }

    static long differingPixels(BufferedImage actual, BufferedImage expected) {
        long differing = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                if (actual.getRGB(x, y) != expected.getRGB(x, y)) {
                    differing++;
                }
            }
        }
        return differing;
    }

    /** Mean absolute difference per colour channel, 0 to 255. */
    static double meanChannelError(BufferedImage actual, BufferedImage expected) {
        long total = 0;
        for (int y = 0; y < expected.getHeight(); y++) {
            for (int x = 0; x < expected.getWidth(); x++) {
                int a = actual.getRGB(x, y);
                int e = expected.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    total += Math.abs((a >> shift & 0xFF) - (e >> shift & 0xFF));
                }
            }
        }
        return total / (3.0 * expected.getWidth() * expected.getHeight());
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
