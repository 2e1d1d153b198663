package dev.deckhand.adapter.image;

import dev.deckhand.adapter.image.WebpEncoder.Compression;
import dev.deckhand.ports.model.decks.MediaKind;
import dev.deckhand.ports.out.decks.MediaInspection;
import dev.deckhand.ports.out.decks.MediaTranscoder;
import dev.deckhand.ports.out.decks.TranscodingException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Sniffs uploads by their bytes and re-encodes PNG, JPEG, BMP and single-frame GIF as WebP: the
 * JDK's decoders in, libwebp out. Holds no state, so one instance serves all threads.
 */
public final class ImageIoTranscoder implements MediaTranscoder {

    /** A safety net under the caller's own limit: 100 million pixels already take 400 MB as ARGB. */
    static final long MAX_PIXELS = 100_000_000L;

    @Override
    public Optional<MediaInspection> inspect(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            return inspectReadable(file);
        } catch (IOException e) {
            throw new TranscodingException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<MediaInspection> inspectReadable(Path file) throws IOException {
        long size = Files.size(file);
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(MagicBytes.HEAD_LENGTH);
        }
        Optional<MediaKind> kind = MagicBytes.kindOf(head, size);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        if (!kind.get().isImage()) {
            return Optional.of(new MediaInspection(kind.get(), 0, 0, false));
        }
        return ImageHeaders.inspect(file, kind.get(), head);
    }

    @Override
    public boolean toWebp(Path source, MediaInspection inspection, Path target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(inspection, "inspection");
        Objects.requireNonNull(target, "target");
        Optional<Compression> compression = compressionFor(inspection);
        if (compression.isEmpty()) {
            return false;
        }
        if (inspection.pixels() > MAX_PIXELS) {
            throw new TranscodingException("refusing to decode " + inspection.pixels() + " pixels (limit " + MAX_PIXELS + ")", null);
        }
        try {
            BufferedImage image = PixelDecoder.decode(source, inspection.kind(), MAX_PIXELS);
            writeAtomically(image, compression.get(), target);
            return true;
        } catch (IOException e) {
            throw new TranscodingException("cannot convert " + source.getFileName() + " to WebP: " + e.getMessage(), e);
        }
    }

    /** Lossless keeps drawings, diagrams and transparency exact; JPEGs are photos, lossy already. */
    private static Optional<Compression> compressionFor(MediaInspection inspection) {
        if (inspection.animated()) {
            return Optional.empty();
        }
        return switch (inspection.kind()) {
            case PNG, GIF, BMP -> Optional.of(Compression.LOSSLESS);
            case JPEG -> Optional.of(Compression.LOSSY);
            case WEBP, MP3, OGG -> Optional.empty();
        };
    }

    /** Written beside the target and renamed over it: the target is either complete or untouched. */
    private static void writeAtomically(BufferedImage image, Compression compression, Path target) throws IOException {
        Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".webp-", ".part");
        try {
            WebpEncoder.write(image, compression, temp);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
