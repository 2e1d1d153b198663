package dev.deckhand.client;

import java.util.List;
import java.util.Map;

/** The API's JSON shapes as this client reads and writes them; fields it does not use are ignored. */
final class Wire {

    private Wire() {}

    /** A pre-signed request: made exactly as described, with no Authorization of ours. */
    record Request(String method, String url, Map<String, String> headers) {
        Request {
            headers = headers == null ? Map.of() : headers;
        }
    }

    record Announced(String name, String sha256, long size) {}

    record Upload(String ticket, String name, Request upload) {}

    record Refused(String name, String reason) {}

    record Check(List<String> present, List<Upload> uploads, List<Refused> refused) {
        Check {
            present = orEmpty(present);
            uploads = orEmpty(uploads);
            refused = orEmpty(refused);
        }
    }

    record File(String name, String sha256, long size, String contentType) {}

    record TicketRefused(String ticket, String reason) {}

    record Confirm(List<File> stored, List<TicketRefused> refused) {
        Confirm {
            stored = orEmpty(stored);
            refused = orEmpty(refused);
        }
    }

    record Link(String name, String sha256, long size, String contentType, Request download) {}

    record Page(List<Link> files, String next) {
        Page {
            files = orEmpty(files);
        }
    }

    record Token(String token) {}

    record Decks(List<Deck> decks) {
        Decks {
            decks = orEmpty(decks);
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
