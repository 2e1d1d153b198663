package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.InvalidMediaException;
import dev.deckhand.ports.in.InvalidSyncDataException;
import dev.deckhand.ports.in.MissingMediaException;
import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.StorageException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure becomes a status here and nowhere else. Clients act on the status alone: 400 "check
 * database", 403 "log in again" (so it is used for bad credentials only), 409 "another device is
 * syncing", 413 too large, 501 "update Anki", 5xx "server problem" (503 with {@code Retry-After} when
 * a backend such as PostgreSQL or S3 does not answer, so nothing was done). The plain-text body carries a
 * readable reason and the request id for whoever reads logs or curls the server.
 */
final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    /** When a client may try again after a backend did not answer: about when readiness is asked again. */
    static final long BACKEND_RETRY_AFTER_SECONDS = 5;

    private HttpErrors() {}

    static void register(JavalinConfig config) {
        config.router.mount(router -> {
            router.exception(BadRequestException.class, (e, ctx) -> respond(ctx, 400, e.getMessage()));
            router.exception(HttpStatusException.class, (e, ctx) -> respond(ctx, e.status(), e.getMessage()));
            router.exception(TooManyRequestsException.class, (e, ctx) -> {
                respond(ctx, 429, e.getMessage());
                ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            });
            router.exception(ServerBusyException.class, (e, ctx) -> {
                respond(ctx, 503, e.getMessage());
                ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            });
            router.exception(SyncConflictException.class, (e, ctx) -> respond(ctx, 409, e.getMessage()));
            router.exception(InvalidSyncDataException.class, (e, ctx) -> respond(ctx, 400, e.getMessage()));
            router.exception(InvalidMediaException.class, (e, ctx) -> respond(ctx, 400, e.getMessage()));
            router.exception(MissingMediaException.class, (e, ctx) -> respond(ctx, 409, e.getMessage()));
            router.exception(BackendUnavailableException.class, (e, ctx) -> {
                LOG.warn("request {}: {}", RequestIds.of(ctx), e.getMessage());
                respond(ctx, 503, e.getMessage());
                ctx.header("Retry-After", Long.toString(BACKEND_RETRY_AFTER_SECONDS));
            });
            router.exception(StorageException.class, (e, ctx) -> {
                LOG.error("storage failure in request {}", RequestIds.of(ctx), e);
                respond(ctx, 500, "the server could not read or write its storage");
            });
            router.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure in request {}", RequestIds.of(ctx), e);
                respond(ctx, 500, "internal server error");
            });
        });
    }

    static void respond(Context ctx, int status, String message) {
        ctx.res().reset();
        ctx.status(status);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.header(RequestIds.HEADER, RequestIds.of(ctx));
        ctx.result((status + " " + message + " (request " + RequestIds.of(ctx) + ")\n").getBytes(StandardCharsets.UTF_8));
        ctx.attribute(RequestIds.ERROR_ATTRIBUTE, message);
    }
}
