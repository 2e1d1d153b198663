package dev.deckhand.adapter.sqlite.collection;

import com.github.luben.zstd.ZstdOutputStream;
import com.google.protobuf.CodedOutputStream;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.out.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a collection and its media as a collection package ({@code .colpkg}) in the layout that
 * Anki 2.1.50 and later write and import (File → Import replaces the profile's collection):
 *
 * <ul>
 *   <li>{@code meta}: protobuf {@code PackageMetadata{version: VERSION_LATEST}};
 *   <li>{@code collection.anki21b}: the schema-18 collection, one zstd frame;
 *   <li>{@code 0}, {@code 1}, …: each media file, one zstd frame each;
 *   <li>{@code media}: zstd frame of protobuf {@code MediaEntries}, whose n-th entry (name, size,
 *       SHA-1) describes member {@code n}.
 * </ul>
 *
 * <p>Anki also adds a {@code collection.anki2} that tells Anki releases older than 2.1.50 to
 * update; those releases cannot sync with this server either, so it is left out. Members are zip
 * "deflate" at level 0 rather than "stored": zstd output does not deflate, and unlike stored
 * members they can be streamed without knowing their CRC in advance.
 */
public final class ColpkgWriter {

    /** {@code PackageMetadata{version = VERSION_LATEST (3)}}. */
    private static final byte[] META_LATEST = {0x08, 0x03};
    private static final int ZSTD_LEVEL = 3;

    private ColpkgWriter() {}

    /** What went into a package; media files whose blob was missing from the store are named, not packed. */
    public record Contents(long collectionBytes, int mediaFiles, long mediaBytes, List<String> missingMedia) {
        public Contents {
            missingMedia = List.copyOf(missingMedia);
        }
    }

    /**
     * Writes the package to {@code out} (left open).
     *
     * @param collection a consistent copy of the collection ({@link SqliteSnapshots#copy})
     * @param media file name to content, as the user's media ledger has them
     * @param blobs where the media contents are
     */
    public static Contents write(Path collection, Map<String, MediaFile> media, BlobStore blobs, OutputStream out)
            throws IOException {
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(blobs, "blobs");
        ZipOutputStream zip = new ZipOutputStream(new KeptOpen(out));
        zip.setLevel(Deflater.NO_COMPRESSION);

        zip.putNextEntry(new ZipEntry("meta"));
        zip.write(META_LATEST);
        zip.closeEntry();

        zip.putNextEntry(new ZipEntry("collection.anki21b"));
        try (InputStream in = Files.newInputStream(collection)) {
            compressed(zip, in);
        }
        zip.closeEntry();

        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        CodedOutputStream list = CodedOutputStream.newInstance(entries);
        List<String> missing = new ArrayList<>();
        int packed = 0;
        long mediaBytes = 0;
        for (Map.Entry<String, MediaFile> file : media.entrySet()) {
            Optional<InputStream> content = blobs.open(file.getValue().sha256());
            if (content.isEmpty()) {
                missing.add(file.getKey());
                continue;
            }
            zip.putNextEntry(new ZipEntry(Integer.toString(packed)));
            try (InputStream in = content.get()) {
                compressed(zip, in);
            }
            zip.closeEntry();
            list.writeByteArray(1, mediaEntry(file.getKey(), file.getValue()));
            packed++;
            mediaBytes += file.getValue().size();
        }
        list.flush();

        zip.putNextEntry(new ZipEntry("media"));
        compressed(zip, new ByteArrayInputStream(entries.toByteArray()));
        zip.closeEntry();
        zip.finish();
        zip.flush();
        return new Contents(Files.size(collection), packed, mediaBytes, missing);
    }

    /** {@code MediaEntry{name = 1, size = 2, sha1 = 3 (20 raw bytes)}}. */
    private static byte[] mediaEntry(String name, MediaFile file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream entry = CodedOutputStream.newInstance(bytes);
        entry.writeString(1, name);
        entry.writeUInt32(2, Math.toIntExact(file.size()));
        entry.writeByteArray(3, HexFormat.of().parseHex(file.sha1()));
        entry.flush();
        return bytes.toByteArray();
    }

    /** Copies {@code in} into the current zip member as one zstd frame. */
    private static void compressed(ZipOutputStream zip, InputStream in) throws IOException {
        try (ZstdOutputStream zstd = new ZstdOutputStream(new KeptOpen(zip), ZSTD_LEVEL)) {
            in.transferTo(zstd);
        }
    }

    /** Passes writes through but not {@code close()}, which belongs to the owner of the stream. */
    private static final class KeptOpen extends FilterOutputStream {
        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
