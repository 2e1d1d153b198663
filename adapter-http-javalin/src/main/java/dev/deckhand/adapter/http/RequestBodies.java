package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import java.io.IOException;

/** Reads a request's zstd-compressed JSON body, turning size and encoding problems into 413 and 400. */
final class RequestBodies {

    private RequestBodies() {}

    static byte[] json(Context ctx, long maxBytes) throws IOException {
        try {
            return ZstdBodies.readAll(ctx.req().getInputStream(), maxBytes);
        } catch (LimitedInputStream.BodyTooLargeException e) {
            throw new HttpStatusException(413, "request body is larger than " + e.limit() + " bytes");
        } catch (IOException e) {
            throw new BadRequestException("could not decode the zstd request body: " + e.getMessage(), e);
        }
    }
}
