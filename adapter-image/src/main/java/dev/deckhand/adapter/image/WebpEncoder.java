package dev.deckhand.adapter.image;

import com.luciad.imageio.webp.WebPImageWriterSpi;
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
    static void write(RenderedImage image, Compression compression, Path file) throws IOException {
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
