package dev.deckhand.media.shared;

import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.decks.MediaKind;
import dev.deckhand.ports.out.decks.MediaInspection;
import dev.deckhand.ports.out.decks.MediaTranscoder;
import dev.deckhand.ports.out.decks.ObjectStore;
import dev.deckhand.ports.out.decks.TranscodingException;
import dev.deckhand.ports.out.decks.UploadTicket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks what a client uploaded for a ticket before it counts: exactly the announced bytes, a kind
 * the service accepts (read from the bytes), within the size and pixel limits; then converts images
 * to WebP when that makes them smaller. Works on local temporary files, so memory stays bounded.
 */
final class UploadVerifier {

    private static final int BUFFER = 64 * 1024;

    private final ObjectStore objects;
    private final MediaTranscoder transcoder;
    private final SharedMediaLimits limits;
    private final Path scratch;

    UploadVerifier(ObjectStore objects, MediaTranscoder transcoder, SharedMediaLimits limits, Path scratch) {
        this.objects = objects;
        this.transcoder = transcoder;
        this.limits = limits;
        this.scratch = scratch;
    }

    /** A checked upload, ready to store: delete {@link #file} (and its sibling temporaries) when done. */
    record Verified(VerifiedFile file, Sha256 sha256, long size, MediaKind kind, boolean converted) {}

    /** The local file to store and every temporary made on the way. */
    record VerifiedFile(Path path, Path original) {
        void delete() {
            deleteQuietly(path);
            deleteQuietly(original);
        }
    }

    /** The upload is refused; the message says why, for the user. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason) {
            super(reason);
        }
    }

    Verified verify(UploadTicket ticket) throws Refused, IOException {
        Checked checked = check(ticket);
        Path original = checked.original();
        try {
            Optional<Path> webp = smallerWebp(original, checked.inspection());
            if (webp.isPresent()) {
                Path converted = webp.get();
                return new Verified(new VerifiedFile(converted, original), sha256(converted), Files.size(converted),
                        MediaKind.WEBP, true);
            }
            return new Verified(new VerifiedFile(original, original), ticket.announced(), ticket.size(),
                    checked.inspection().kind(), false);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(original);
            throw e;
        }
    }

    /**
     * Checks an upload of content the catalog stores already, as {@link #verify} would, and keeps
     * nothing: the bytes only prove that the client has the file. Nothing is converted, so the
     * stored file stays the one object for this content whatever the encoder would make today.
     */
    void prove(UploadTicket ticket) throws Refused, IOException {
        deleteQuietly(check(ticket).original());
    }

    /** Staged bytes fetched to a local file (the caller deletes it) and found acceptable. */
    private record Checked(Path original, MediaInspection inspection) {}

    private Checked check(UploadTicket ticket) throws Refused, IOException {
        Files.createDirectories(scratch);
        Path original = Files.createTempFile(scratch, "upload-", ".bin");
        try {
            fetchExactly(ticket, original);
            MediaInspection inspection = transcoder.inspect(original).orElseThrow(() -> new Refused(
                    "not an image or audio file Deckhand accepts (png, jpeg, gif, bmp, webp, mp3, ogg)"));
            MediaKind kind = inspection.kind();
            long limit = kind.isImage() ? limits.maxImageBytes() : limits.maxAudioBytes();
            if (ticket.size() > limit) {
                throw new Refused(kind.name().toLowerCase(Locale.ROOT) + " files may have at most " + limit + " bytes, this one has "
                        + ticket.size());
            }
            if (kind.isImage() && inspection.pixels() > limits.maxPixels()) {
                throw new Refused(inspection.width() + " x " + inspection.height() + " pixels is more than the limit of "
                        + limits.maxPixels() + " pixels");
            }
            return new Checked(original, inspection);
        } catch (Refused | IOException | RuntimeException e) {
            deleteQuietly(original);
            throw e;
        }
    }

    /** Copies the staged object here, refusing anything but exactly the announced bytes. */
    private void fetchExactly(UploadTicket ticket, Path target) throws Refused, IOException {
        MessageDigest digest = Sha256.newDigest();
        long copied = 0;
        try (InputStream in = objects.open(ticket.stagingKey())
                        .orElseThrow(() -> new Refused("nothing was uploaded for this ticket"));
                OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                copied += n;
                if (copied > ticket.size()) {
                    throw new Refused("more bytes were uploaded than the " + ticket.size() + " announced");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        if (copied != ticket.size()) {
            throw new Refused(copied + " bytes were uploaded, " + ticket.size() + " were announced");
        }
        if (!Sha256.of(digest).equals(ticket.announced())) {
            throw new Refused("the uploaded bytes do not have the announced SHA-256");
        }
    }

    /** A WebP of the image if one can be made and is smaller than the original. */
    private Optional<Path> smallerWebp(Path original, MediaInspection inspection) throws IOException {
        if (!inspection.kind().isImage() || inspection.kind() == MediaKind.WEBP || inspection.animated()) {
            return Optional.empty();
        }
        Path webp = Files.createTempFile(scratch, "converted-", ".webp");
        try {
            if (transcoder.toWebp(original, inspection, webp) && Files.size(webp) > 0 && Files.size(webp) < Files.size(original)) {
                return Optional.of(webp);
            }
        } catch (TranscodingException e) {
            // An image the encoder cannot handle is kept as it was uploaded: it passed every check.
        }
        deleteQuietly(webp);
        return Optional.empty();
    }

    private static Sha256 sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Sha256.of(in);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a temporary file in the scratch folder; the next start may clear it
        }
    }
}
