package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.decks.DownloadLink;
import dev.deckhand.ports.in.decks.DownloadPage;
import dev.deckhand.ports.in.decks.SharedMedia;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.decks.DeckId;
import dev.deckhand.ports.model.decks.MediaName;
import dev.deckhand.ports.model.decks.MediaQuery;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * {@code GET /api/v1/decks/{deck}/media.zip[?since=]}: every file of the deck in one streamed zip,
 * each under the name its notes use, for clients that prefer one connection. Entries are deflated
 * at level 0, which costs no compression work (images and audio are compressed already) and, unlike
 * stored entries, needs no size or CRC before the bytes. Memory stays bounded: one page of names
 * and one copy buffer at a time.
 */
final class MediaArchive {

    private static final int PAGE = 1_000;
    /** At most this many pages (a million files): a bound on the loop, far above any deck. */
    private static final int MAX_PAGES = 1_000;

    private final SharedMedia media;

    MediaArchive(SharedMedia media) {
        this.media = media;
    }

    void stream(Context ctx, UserId user, DeckId deck) throws IOException {
        Optional<Instant> since = Optional.ofNullable(ctx.queryParam("since")).map(s -> SharedMediaRoutes.parse(() -> Instant.parse(s)));
        // The first page runs before any byte is sent, so a refusal is still a proper status.
        DownloadPage page = media.downloads(user, deck, new MediaQuery(Optional.empty(), "", since, PAGE));
        ctx.contentType("application/zip");
        ctx.header("Content-Disposition", "attachment; filename=\"" + deck.value() + "-media.zip\"");
        OutputStream out = ctx.res().getOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setMethod(ZipOutputStream.DEFLATED);
            zip.setLevel(0);
            for (int pages = 0; pages < MAX_PAGES; pages++) {
                for (DownloadLink link : page.links()) {
                    write(zip, user, deck, link.media().name());
                }
                if (page.next().isEmpty()) {
                    break;
                }
                page = media.downloads(user, deck, new MediaQuery(page.next(), "", since, PAGE));
            }
        }
    }

    private void write(ZipOutputStream zip, UserId user, DeckId deck, MediaName name) throws IOException {
        Optional<InputStream> bytes = media.open(user, deck, name);
        if (bytes.isEmpty()) {
            return; // removed while the archive was being written
        }
        try (InputStream in = bytes.get()) {
            zip.putNextEntry(new ZipEntry(name.value()));
            in.transferTo(zip);
            zip.closeEntry();
        }
    }
}
