package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.ports.in.AccountMovingException;
import dev.deckhand.ports.in.InvalidMediaException;
import dev.deckhand.ports.in.InvalidSyncDataException;
import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.in.MissingMediaException;
import dev.deckhand.ports.in.MoveRefusedException;
import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.in.decks.SharedMediaException;
import dev.deckhand.ports.out.BackendUnavailableException;
import dev.deckhand.ports.out.StorageException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one error map: every failure of every route becomes a {@link Problem} here, and the problem a
 * status, headers and a body for the request's {@link RouteFamily}. The families differ only where
 * their clients do (the table in {@code docs/api.md} says why):
 *
 * <ul>
 *   <li>{@code /sync}, {@code /msync}: Anki acts on the status alone and treats 403 as "sign in
 *       again" (it forgets the stored login), so every sign-in problem is 403 there and nothing else
 *       is; 400 "check database", 409 "another device is syncing", 501 "update Anki", 5xx "server
 *       problem". The body is plain text, which Anki never shows.
 *   <li>{@code /api/v1}: sign-in problems are 401 with {@code WWW-Authenticate: Bearer} (RFC 6750,
 *       {@code error="invalid_token"} when a token was sent but is unknown), a missing role 403;
 *       bodies are {@code application/problem+json} (RFC 9457) with the request id.
 *   <li>{@code /admin/api}: as the API, in the realm {@code deckhand-admin}, with plain-text bodies.
 *   <li>{@code /cluster/v1}: as the admin API, in the realm {@code deckhand-cluster} (the cluster secret, not an admin token).
 *   <li>Anything else: plain text.
 * </ul>
 *
 * Every answer carries {@code x-request-id}; 429 and 503 carry {@code Retry-After}. Refusals that
 * are part of a protocol's success (a refused collection or media upload is 200 with a text Anki
 * shows) are not failures and never reach this class.
 */
final class HttpErrors {

    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROBLEM_JSON = "application/problem+json";

    /** When a client may try again after a backend did not answer: about when readiness is asked again. */
    static final long BACKEND_RETRY_AFTER_SECONDS = 5;

    private HttpErrors() {}

    /** A failure as it is answered: the problem, a readable detail, and when to try again if that helps. */
    record Failure(Problem problem, String detail, OptionalLong retryAfterSeconds) {}

    static void register(JavalinConfig config) {
        config.router.mount(router -> {
            // Javalin answers its own exceptions (no such endpoint) itself unless told otherwise.
            router.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, failure(e, ctx)));
            router.exception(Exception.class, (e, ctx) -> respond(ctx, failure(e, ctx)));
        });
    }

    /** The problem a failure is; logs the ones an operator must look at, once, here. */
    static Failure failure(Exception e, Context ctx) {
        if (e instanceof ProblemException problem) {
            return new Failure(problem.problem(), problem.getMessage(), retryAfter(problem.problem()));
        } else if (e instanceof BadRequestException || e instanceof InvalidSyncDataException
                || e instanceof InvalidMediaException) {
            return new Failure(Problem.INVALID_REQUEST, e.getMessage(), OptionalLong.empty());
        } else if (e instanceof TooManyRequestsException tooMany) {
            return new Failure(Problem.RATE_LIMITED, e.getMessage(), OptionalLong.of(tooMany.retryAfterSeconds()));
        } else if (e instanceof ServerBusyException busy) {
            return new Failure(Problem.SERVER_BUSY, e.getMessage(), OptionalLong.of(busy.retryAfterSeconds()));
        } else if (e instanceof AccountMovingException moving) {
            return new Failure(Problem.ACCOUNT_MOVING, e.getMessage(), OptionalLong.of(moving.retryAfterSeconds()));
        } else if (e instanceof SyncConflictException || e instanceof MissingMediaException || e instanceof MoveRefusedException) {
            return new Failure(Problem.CONFLICT, e.getMessage(), OptionalLong.empty());
        } else if (e instanceof SharedMediaException shared) {
            return new Failure(problem(shared.kind()), e.getMessage(), OptionalLong.empty());
        } else if (e instanceof BackendUnavailableException) {
            LOG.warn("request {}: {}", RequestIds.of(ctx), e.getMessage());
            return new Failure(Problem.BACKEND_UNAVAILABLE, e.getMessage(), retryAfter(Problem.BACKEND_UNAVAILABLE));
        } else if (e instanceof StorageException) {
            LOG.error("storage failure in request {}", RequestIds.of(ctx), e);
            return new Failure(Problem.SERVER_ERROR, "the server could not read or write its storage", OptionalLong.empty());
        } else if (e instanceof HttpResponseException response && javalinProblem(response.getStatus()).isPresent()) {
            return new Failure(javalinProblem(response.getStatus()).get(), response.getMessage(), OptionalLong.empty());
        }
        LOG.error("unexpected failure in request {}", RequestIds.of(ctx), e);
        return new Failure(Problem.SERVER_ERROR, "internal server error", OptionalLong.empty());
    }

    /** What Javalin's own answers mean: no endpoint for the path, or a body it refused to read. */
    private static Optional<Problem> javalinProblem(int status) {
        return switch (status) {
            case 400 -> Optional.of(Problem.INVALID_REQUEST);
            case 404 -> Optional.of(Problem.NOT_FOUND);
            case 413 -> Optional.of(Problem.TOO_LARGE);
            default -> Optional.empty();
        };
    }

    static Problem problem(SharedMediaException.Kind kind) {
        return switch (kind) {
            case FORBIDDEN -> Problem.FORBIDDEN;
            case NOT_FOUND -> Problem.NOT_FOUND;
            case INVALID -> Problem.INVALID_REQUEST;
        };
    }

    /** Why a sign-in gave no key, as the exception that answers it; a {@code LoggedIn} is no refusal. */
    static ProblemException signInRefused(LoginOutcome outcome) {
        if (outcome instanceof LoginOutcome.LoginRefused) {
            return new ProblemException(Problem.WRONG_CREDENTIALS, "unknown user or wrong password");
        } else if (outcome instanceof LoginOutcome.LoginNeedsAction action) {
            return new ProblemException(Problem.SIGN_IN_NEEDS_ACTION, "sign-in needs another step first: " + action.reason());
        } else if (outcome instanceof LoginOutcome.LoginUnavailable unavailable) {
            return new ProblemException(Problem.BACKEND_UNAVAILABLE, "sign-in is unavailable: " + unavailable.reason());
        }
        throw new AssertionError(outcome);
    }

    /** The status of a problem for a family of routes: the whole map, one line per problem. */
    static int status(Problem problem, RouteFamily family) {
        return switch (problem) {
            case INVALID_REQUEST -> 400;
            // Anki forgets the login on 403 and shows a generic error on 401.
            case TOKEN_REQUIRED, INVALID_TOKEN, WRONG_CREDENTIALS -> family == RouteFamily.ANKI_SYNC ? 403 : 401;
            case SIGN_IN_NEEDS_ACTION, FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case REQUEST_TIMEOUT -> 408;
            case CONFLICT -> 409;
            case TOO_LARGE -> 413;
            case RATE_LIMITED -> 429;
            case SERVER_ERROR -> 500;
            case CLIENT_TOO_OLD -> 501;
            case SERVER_BUSY, ACCOUNT_MOVING, BACKEND_UNAVAILABLE -> 503;
        };
    }

    /** The {@code WWW-Authenticate} challenge of a 401 (RFC 6750); none for other statuses. */
    static Optional<String> challenge(Problem problem, RouteFamily family) {
        if (status(problem, family) != 401) {
            return Optional.empty();
        }
        List<String> parameters = new ArrayList<>();
        switch (family) {
            case ADMIN_API -> parameters.add("realm=\"deckhand-admin\"");
            case CLUSTER -> parameters.add("realm=\"deckhand-cluster\"");
            default -> { }
        }
        if (problem == Problem.INVALID_TOKEN) {
            parameters.add("error=\"invalid_token\"");
        }
        return Optional.of(parameters.isEmpty() ? "Bearer" : "Bearer " + String.join(", ", parameters));
    }

    private static OptionalLong retryAfter(Problem problem) {
        return problem == Problem.BACKEND_UNAVAILABLE ? OptionalLong.of(BACKEND_RETRY_AFTER_SECONDS) : OptionalLong.empty();
    }

    static void respond(Context ctx, Failure failure) {
        RouteFamily family = RouteFamily.of(ctx.path());
        int status = status(failure.problem(), family);
        String requestId = RequestIds.of(ctx);
        ctx.res().reset();
        ctx.status(status);
        ctx.header(RequestIds.HEADER, requestId);
        failure.retryAfterSeconds().ifPresent(seconds -> ctx.header("Retry-After", Long.toString(seconds)));
        challenge(failure.problem(), family).ifPresent(challenge -> ctx.header("WWW-Authenticate", challenge));
        if (family == RouteFamily.API) {
            ctx.contentType(PROBLEM_JSON);
            ctx.result(problemJson(ctx, status, failure, requestId));
        } else {
            ctx.contentType("text/plain; charset=utf-8");
            ctx.result((status + " " + failure.detail() + " (request " + requestId + ")\n").getBytes(StandardCharsets.UTF_8));
        }
        ctx.attribute(RequestIds.ERROR_ATTRIBUTE, failure.detail());
    }

    /** RFC 9457 problem details, with the request id as the extension member {@code requestId}. */
    private static byte[] problemJson(Context ctx, int status, Failure failure, String requestId) {
        ObjectNode body = JSON.createObjectNode()
                .put("type", failure.problem().type())
                .put("title", failure.problem().title())
                .put("status", status)
                .put("detail", failure.detail())
                .put("instance", ctx.path())
                .put("requestId", requestId);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
