package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.decks.CheckResult;
import dev.deckhand.ports.in.decks.ConfirmResult;
import dev.deckhand.ports.in.decks.DownloadLink;
import dev.deckhand.ports.in.decks.DownloadPage;
import dev.deckhand.ports.in.decks.HousekeepingReport;
import dev.deckhand.ports.model.decks.DeckMedia;
import dev.deckhand.ports.model.decks.DeckMembership;
import dev.deckhand.ports.model.decks.MediaName;
import dev.deckhand.ports.model.decks.PresignedRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The API's JSON shapes, as records Jackson writes; field names are the API's contract. */
final class WireMedia {

    private WireMedia() {}

    record Request(String method, String url, Map<String, String> headers, String expiresAt) {
        static Request of(PresignedRequest request) {
            return new Request(request.method(), request.url().toString(), request.headers(), request.expiresAt().toString());
        }
    }

    record Upload(String ticket, String name, Request upload) {}

    record Refused(String name, String reason) {}

    record Check(List<String> present, List<Upload> uploads, List<Refused> refused) {
        static Check of(CheckResult result) {
            return new Check(
                    result.present().stream().map(MediaName::value).toList(),
                    result.uploads().stream().map(offer -> new Upload(offer.ticket().toString(), offer.name().value(),
                            Request.of(offer.upload()))).toList(),
                    result.refused().stream().map(refusal -> new Refused(refusal.name().value(), refusal.reason())).toList());
        }
    }

    record File(String name, String sha256, long size, String contentType, int references, String mappedAt) {
        static File of(DeckMedia media) {
            return new File(media.name().value(), media.stored().sha256().hex(), media.stored().size(),
                    media.stored().kind().contentType(), media.stored().referenceCount(), media.mappedAt().toString());
        }
    }

    record TicketRefused(String ticket, String reason) {}

    record Confirm(List<File> stored, List<TicketRefused> refused) {
        static Confirm of(ConfirmResult result) {
            return new Confirm(result.stored().stream().map(File::of).toList(),
                    result.refused().stream().map(r -> new TicketRefused(r.ticket().toString(), r.reason())).toList());
        }
    }

    record Link(String name, String sha256, long size, String contentType, int references, String mappedAt, Request download) {
        static Link of(DownloadLink link) {
            File file = File.of(link.media());
            return new Link(file.name(), file.sha256(), file.size(), file.contentType(), file.references(), file.mappedAt(),
                    Request.of(link.download()));
        }
    }

    record Page(List<Link> files, String next) {
        static Page of(DownloadPage page) {
            return new Page(page.links().stream().map(Link::of).toList(), page.next().map(MediaName::value).orElse(null));
        }
    }

    record Housekeeping(int expiredTickets, int unreferencedFiles, int repairedCounts, int orphanObjects, long bytesFreed) {
        static Housekeeping of(HousekeepingReport report) {
            return new Housekeeping(report.expiredTickets(), report.unreferencedFiles(), report.repairedCounts(),
                    report.orphanObjects(), report.bytesFreed());
        }
    }

    record Token(String token) {}

    /** A deck as its member sees it: {@code role} is the caller's. */
    record Deck(String id, String title, long quotaBytes, String role) {
        static Deck of(DeckMembership membership) {
            return new Deck(membership.deck().id().value(), membership.deck().title(), membership.deck().quotaBytes(),
                    membership.role().name().toLowerCase(Locale.ROOT));
        }
    }

    record Decks(List<Deck> decks) {
        static Decks of(List<DeckMembership> memberships) {
            return new Decks(memberships.stream().map(Deck::of).toList());
        }
    }
}
