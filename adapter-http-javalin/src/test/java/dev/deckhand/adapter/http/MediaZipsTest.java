package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.MediaSync;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MediaZipsTest {

    private final SyncJson json = new SyncJson();

    @TempDir
    Path staging;

    private static byte[] zip(String memberName, String meta) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Latin-1 names: a name with é is then not UTF-8, as a hostile or broken client may send it.
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.ISO_8859_1)) {
            zip.putNextEntry(new ZipEntry(memberName));
            zip.write("bytes".getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(MediaZips.META));
            zip.write(meta.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return out.toByteArray();
    }

    @Test
    void readUpload_readsMembersListedInMeta() throws IOException {
        try (StagedUpload upload = new StagedUpload(staging, 1 << 20)) {
            List<MediaSync.UploadedFile> files = MediaZips.readUpload(new ByteArrayInputStream(zip("0", "[[\"a.png\",\"0\"]]")), upload,
                    json.mapper());

            assertThat(files).singleElement().satisfies(file -> {
                assertThat(file.filename()).isEqualTo("a.png");
                assertThat(file.content()).get().extracting(MediaSync.StagedContent::size).isEqualTo(5L);
            });
        }
    }

    /** Found by MediaZipsFuzzTest: the JDK's IllegalArgumentException went out as a 500. */
    @Test
    void readUpload_whenAnEntryNameIsNotUtf8_isABadRequestAndLeavesNothing() throws IOException {
        byte[] latin1 = zip("caf\u00e9", "[]");
        try (StagedUpload upload = new StagedUpload(staging, 1 << 20)) {
            assertThatThrownBy(() -> MediaZips.readUpload(new ByteArrayInputStream(latin1), upload, json.mapper()))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("not UTF-8");
        }
        try (var left = Files.list(staging)) {
            assertThat(left).isEmpty();
        }
    }

    /** The same Jackson failure as in SyncJsonTest, inside the zip's _meta. */
    @Test
    void readUpload_whenMetaHasAnUnrepresentableNumber_isABadRequest() throws IOException {
        byte[] zip = zip("0", "[[\"a.png\",1e99999999999]]");
        try (StagedUpload upload = new StagedUpload(staging, 1 << 20)) {
            assertThatThrownBy(() -> MediaZips.readUpload(new ByteArrayInputStream(zip), upload, json.mapper()))
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageStartingWith("_meta is not JSON");
        }
    }
}
