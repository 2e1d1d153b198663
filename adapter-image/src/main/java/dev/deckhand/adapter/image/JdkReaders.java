package dev.deckhand.adapter.image;

import dev.deckhand.ports.model.decks.MediaKind;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * The JDK's own ImageIO reader for a kind, picked by class name. Asking ImageIO for "a PNG reader"
 * would take whichever plugin on the classpath ranks first, such as the WebP writer's native
 * reader for WebP; untrusted bytes go only to readers chosen on purpose.
 */
final class JdkReaders {

    private JdkReaders() {
    }

    /** A new reader (readers hold per-image state: one per call, disposed by the caller). */
    static ImageReader forKind(MediaKind kind) throws IOException {
        String readerClass = switch (kind) {
            case PNG -> "com.sun.imageio.plugins.png.PNGImageReader";
            case JPEG -> "com.sun.imageio.plugins.jpeg.JPEGImageReader";
            case GIF -> "com.sun.imageio.plugins.gif.GIFImageReader";
            case BMP -> "com.sun.imageio.plugins.bmp.BMPImageReader";
            default -> throw new IllegalArgumentException("no JDK reader decodes " + kind);
        };
        Iterator<ImageReaderSpi> providers = IIORegistry.getDefaultInstance().getServiceProviders(
                ImageReaderSpi.class, spi -> readerClass.equals(((ImageReaderSpi) spi).getPluginClassName()), false);
        if (!providers.hasNext()) {
            throw new IllegalStateException("this JDK has no " + readerClass);
        }
        return providers.next().createReaderInstance();
    }
}
