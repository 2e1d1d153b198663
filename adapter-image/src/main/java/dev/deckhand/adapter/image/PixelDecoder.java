package dev.deckhand.adapter.image;

import dev.deckhand.ports.model.decks.MediaKind;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/** Decodes the first frame of a PNG, JPEG, GIF or BMP with the JDK's reader for that kind. */
final class PixelDecoder {

    private PixelDecoder() {
    }

    /**
     * @throws IOException if the image is malformed, CMYK, or larger than {@code maxPixels} by the
     *     reader's own reading of the header
     */
    static BufferedImage decode(Path file, MediaKind kind, long maxPixels) throws IOException {
        ImageReader reader = JdkReaders.forKind(kind);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            reader.setInput(in, true, true);
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            if (pixels > maxPixels) {
                throw new IOException(kind + " of " + pixels + " pixels is over the limit of " + maxPixels);
            }
            requireRgbCompatible(reader, kind);
            return reader.read(0);
        } catch (IIOException | RuntimeException malformed) {
            // Besides IIOException, the JDK readers throw IllegalArgumentException, CMMException and
            // the like on some malformed data; to the caller that is one more unreadable file.
            throw new IOException("cannot decode " + kind + ": " + malformed.getMessage(), malformed);
        } finally {
            reader.dispose();
        }
    }

    /**
     * The JDK decodes CMYK and YCCK JPEGs into a generic CMYK colour space rather than the profile
     * embedded in the file, so the RGB made from it can be visibly off; such a file is better kept
     * as it is than converted.
     */
    private static void requireRgbCompatible(ImageReader reader, MediaKind kind) throws IOException {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            throw new IOException(kind + " in a colour model the decoder cannot produce");
        }
        if (types.next().getColorModel().getColorSpace().getType() == ColorSpace.TYPE_CMYK) {
            throw new IOException("CMYK or YCCK " + kind + " not converted: its colours need its own profile");
        }
    }
}
