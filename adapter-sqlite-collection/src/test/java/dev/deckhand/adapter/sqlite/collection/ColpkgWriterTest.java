package dev.deckhand.adapter.sqlite.collection;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import com.google.protobuf.CodedInputStream;
import dev.deckhand.adapter.sqlite.collection.EmptyCollectionFactory;
import dev.deckhand.ports.model.MediaFile;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.testing.InMemoryBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColpkgWriterTest {

    @TempDir
    Path folder;

    private final InMemoryBlobStore blobs = new InMemoryBlobStore();

    private MediaFile stored(byte[] content) throws Exception {
        Sha256 sha256 = new Sha256(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        blobs.put(sha256, new ByteArrayInputStream(content), content.length);
        return new MediaFile(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content)), sha256,
                content.length);
    }

    record Entry(String name, int size, String sha1) {}

    @Test
    void aPackage_hasTheLatestLayout_withEachMediaFileAndItsEntry() throws Exception {
        Path collection = folder.resolve("collection.anki2");
        new EmptyCollectionFactory(Clock.systemUTC()).create(collection);
        byte[] cat = "cat picture".getBytes(StandardCharsets.UTF_8);
        byte[] song = "a song, of sorts".getBytes(StandardCharsets.UTF_8);
        Map<String, MediaFile> media = new LinkedHashMap<>();
        media.put("cat.png", stored(cat));
        media.put("lost.mp3", new MediaFile("f".repeat(40), new Sha256("f".repeat(64)), 5));
        media.put("song ♪.mp3", stored(song));
        Path colpkg = folder.resolve("out.colpkg");

        ColpkgWriter.Contents contents;
        try (OutputStream out = Files.newOutputStream(colpkg)) {
            contents = ColpkgWriter.write(collection, media, blobs, out);
        }

        assertThat(contents.mediaFiles()).isEqualTo(2);
        assertThat(contents.mediaBytes()).isEqualTo(cat.length + song.length);
        assertThat(contents.missingMedia()).containsExactly("lost.mp3");
        try (ZipFile zip = new ZipFile(colpkg.toFile())) {
            assertThat(zip.stream().map(java.util.zip.ZipEntry::getName))
                    .containsExactly("meta", "collection.anki21b", "0", "1", "media");
            assertThat(read(zip, "meta", false)).containsExactly(0x08, 0x03);
            assertThat(read(zip, "collection.anki21b", true)).isEqualTo(Files.readAllBytes(collection));
            assertThat(read(zip, "0", true)).isEqualTo(cat);
            assertThat(read(zip, "1", true)).isEqualTo(song);
            assertThat(entries(read(zip, "media", true))).containsExactly(
                    new Entry("cat.png", cat.length, media.get("cat.png").sha1()),
                    new Entry("song ♪.mp3", song.length, media.get("song ♪.mp3").sha1()));
        }
    }

    private static byte[] read(ZipFile zip, String name, boolean zstd) throws IOException {
        try (InputStream raw = zip.getInputStream(zip.getEntry(name));
                InputStream in = zstd ? new ZstdInputStream(raw) : raw) {
            return in.readAllBytes();
        }
    }

    /** Decodes {@code MediaEntries} by hand, field numbers as in Anki's import_export.proto. */
    private static List<Entry> entries(byte[] message) throws IOException {
        List<Entry> entries = new ArrayList<>();
        CodedInputStream list = CodedInputStream.newInstance(message);
        for (int tag = list.readTag(); tag != 0; tag = list.readTag()) {
            assertThat(tag >>> 3).isEqualTo(1);
            CodedInputStream entry = CodedInputStream.newInstance(list.readByteArray());
            String name = null;
            int size = 0;
            String sha1 = null;
            for (int field = entry.readTag(); field != 0; field = entry.readTag()) {
                switch (field >>> 3) {
                    case 1 -> name = entry.readString();
                    case 2 -> size = entry.readUInt32();
                    case 3 -> sha1 = HexFormat.of().formatHex(entry.readByteArray());
                    default -> throw new AssertionError("unexpected field " + (field >>> 3));
                }
            }
            entries.add(new Entry(name, size, sha1));
        }
        return entries;
    }
}
