package dev.deckhand.adapter.image;

import com.luciad.imageio.webp.WebPImageWriterSpi;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;
import javax.imageio.stream.ImageOutputStream;

/** Writes WebP through the usefulness webp-imageio writer (native libwebp), the only WebP writer used. */
final class WebpEncoder {

    enum Compression {
        LOSSLESS,
        LOSSY
    }

    /** libwebp's 0-1 quality for lossy output: high enough that photos show no visible loss. */
    static final float LOSSY_QUALITY = 0.85f;

    private WebpEncoder() {
    }

    /**
     * Writes {@code image} to {@code file}, which must be new or empty: the stream overwrites from
     * the start but does not truncate.
     */
    static void write(BufferedImage image, Compression compression, Path file) throws IOException {
        try {
            encode(inRgb(image), compression, file);
        } catch (RuntimeException e) {
            // A failure inside the writer (it is Kotlin over native code) must not fail the upload:
            // the caller keeps the original for any IOException.
            throw new IOException("the WebP writer failed: " + e, e);
        }
    }

    /**
     * The writer reads 8-bit RGB and RGBA rasters correctly and nothing else: a greyscale image
     * came out with the wrong pixels, and one with grey and alpha made it index past the raster
     * (found by ImageIoTranscoderFuzzTest). Anything else is copied into RGB or ARGB first, row by
     * row, as each pixel's sRGB value.
     */
    static BufferedImage inRgb(BufferedImage image) {
        int type = image.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB
                || type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_4BYTE_ABGR) {
            return image;
        }
        int width = image.getWidth();
        BufferedImage rgb = new BufferedImage(width, image.getHeight(),
                image.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] row = new int[width];
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            rgb.setRGB(0, y, width, 1, row, 0, width);
        }
        return rgb;
    }

    private static void encode(RenderedImage image, Compression compression, Path file) throws IOException {
        ImageWriter writer = new WebPImageWriterSpi().createWriterInstance();
        try (ImageOutputStream out = new FileImageOutputStream(file.toFile())) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            if (compression == Compression.LOSSY) {
                param.setCompressionType("Lossy");
                param.setCompressionQuality(LOSSY_QUALITY);
            } else {
                param.setCompressionType("Lossless");
            }
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
