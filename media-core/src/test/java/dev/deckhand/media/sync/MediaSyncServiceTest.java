package dev.deckhand.media.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.in.InvalidMediaException;
import dev.deckhand.ports.in.MediaSync;
import dev.deckhand.ports.in.MissingMediaException;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.testing.BlobStoreContract;
import dev.deckhand.ports.testing.InMemoryBlobStore;
import dev.deckhand.ports.testing.InMemoryMediaLedger;
import dev.deckhand.ports.testing.SettableDiskSpace;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MediaSyncServiceTest {

    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final InMemoryMediaLedger ledger = new InMemoryMediaLedger();
    private final SettableDiskSpace disk = SettableDiskSpace.roomy();
    private final MediaSyncService media =
            new MediaSyncService(ledger, blobs, new BlobGuard(), disk, OptionalLong.empty(), Clock.systemUTC());
    private final UserId alice = new UserId("alice");

    private static MediaSync.UploadedFile file(String name, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new MediaSync.UploadedFile(name, Optional.of(content(bytes)));
    }

    private static MediaSync.StagedContent content(byte[] bytes) {
        return new MediaSync.StagedContent() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public String sha1() {
                try {
                    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public String sha256() {
                return BlobStoreContract.sha256(bytes).hex();
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    private int blobCount() {
        AtomicInteger count = new AtomicInteger();
        blobs.forEach(b -> count.incrementAndGet());
        return count.get();
    }

    @Test
    void aBatchThatWouldPassTheQuota_isRefusedWithAMessageAndStoresNothing() {
        MediaSyncService limited = new MediaSyncService(ledger, blobs, new BlobGuard(), disk, OptionalLong.of(10),
                Clock.systemUTC());
        assertThat(limited.upload(alice, List.of(file("a.png", "12345")))).isInstanceOf(MediaSync.Applied.class);

        MediaSync.UploadOutcome refused = limited.upload(alice, List.of(file("b.png", "123456")));

        assertThat(refused).isInstanceOfSatisfying(MediaSync.Refused.class,
                r -> assertThat(r.message()).contains("past your 1 MiB limit"));
        assertThat(blobCount()).isEqualTo(1);
        assertThat(limited.uploadRefusal(alice)).isEmpty();
        // Replacing a file counts its new size only; deleting frees room.
        assertThat(limited.upload(alice, List.of(file("a.png", "1234567890")))).isInstanceOf(MediaSync.Applied.class);
        assertThat(limited.uploadRefusal(alice)).hasValueSatisfying(m -> assertThat(m).contains("uses 1 MiB of your 1 MiB"));
        assertThat(limited.upload(alice, List.of(new MediaSync.UploadedFile("a.png", Optional.empty()),
                file("c.png", "abc")))).isInstanceOf(MediaSync.Applied.class);
    }

    @Test
    void aFullDiskRefusesUploadsBeforeAndDuringWithAMessage() {
        disk.setFreeBytes(-1); // down to the reserve
        assertThat(media.uploadRefusal(alice)).hasValueSatisfying(m -> assertThat(m).contains("out of disk space"));

        disk.setFreeBytes(3);
        assertThat(media.upload(alice, List.of(file("a.png", "four")))).isInstanceOf(MediaSync.Refused.class);
        assertThat(blobCount()).isZero();
        assertThat(media.mediaUsn(alice)).isZero();
    }

    @Test
    void aBatchWithOneBadName_storesNothingAtAll() {
        assertThatThrownBy(() -> media.upload(alice, List.of(file("good.png", "fine"), file("../bad.png", "evil"))))
                .isInstanceOf(InvalidMediaException.class);

        assertThat(blobCount()).isZero();
        assertThat(media.mediaUsn(alice)).isZero();
    }

    @Test
    void upload_returnsTheProcessedCountAndNewUsn() {
        MediaSync.UploadOutcome result = media.upload(alice, List.of(file("a.png", "a"), file("b.png", "b"),
                new MediaSync.UploadedFile("never-existed.png", Optional.empty())));

        assertThat(result).isEqualTo(new MediaSync.Applied(3, 2));
        assertThat(media.sanityCheck(alice, 2)).isTrue();
        assertThat(media.sanityCheck(alice, 3)).isFalse();
    }

    @Test
    void download_ofAFileWhoseBlobIsGone_isMissing_notAnEmptyBatch() {
        media.upload(alice, List.of(file("a.png", "a")));
        blobs.forEach(b -> blobs.delete(b.sha256()));

        assertThatThrownBy(() -> media.download(alice, List.of("a.png"))).isInstanceOf(MissingMediaException.class);
    }

    @Test
    void download_isAPrefixInRequestOrder() {
        List<MediaSync.UploadedFile> files = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            files.add(file("f" + i + ".txt", "content " + i));
        }
        media.upload(alice, files);

        List<MediaSync.DownloadedFile> batch = media.download(alice, List.of("f2.txt", "f0.txt", "f1.txt"));

        assertThat(batch).extracting(MediaSync.DownloadedFile::filename).containsExactly("f2.txt", "f0.txt", "f1.txt");
    }
}
