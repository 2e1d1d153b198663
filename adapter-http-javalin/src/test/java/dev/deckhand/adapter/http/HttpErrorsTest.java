package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.in.SyncConflictException;
import dev.deckhand.ports.in.decks.SharedMediaException;
import dev.deckhand.ports.out.BackendUnavailableException;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The one error map: its table, and what it answers over HTTP for each family of routes. */
class HttpErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** What the test routes throw, by the last path segment. */
    private static final Map<String, Supplier<RuntimeException>> FAILURES = Map.of(
            "wrong-password", () -> HttpErrors.signInRefused(new LoginOutcome.LoginRefused()),
            "no-token", () -> new ProblemException(Problem.TOKEN_REQUIRED, "send a token"),
            "bad-token", () -> new ProblemException(Problem.INVALID_TOKEN, "unknown or revoked token"),
            "role", () -> new SharedMediaException(SharedMediaException.Kind.FORBIDDEN, "this needs the maintainer role in d"),
            "conflict", () -> new SyncConflictException("another device is syncing"),
            "slow-down", () -> new TooManyRequestsException(7, "too many requests"),
            "postgres-down", () -> new BackendUnavailableException("PostgreSQL is not answering", new IOException("refused")),
            "bug", () -> new IllegalStateException("secret internals"));

    private static Javalin server;

    @BeforeAll
    static void start() {
        server = Javalin.create(config -> {
            config.showJavalinBanner = false;
            HttpErrors.register(config);
            config.router.mount(router -> {
                for (String prefix : new String[] {"/sync", "/api/v1/decks/d", "/admin/api", "/metrics"}) {
                    router.get(prefix + "/{failure}", ctx -> {
                        throw FAILURES.get(ctx.pathParam("failure")).get();
                    });
                }
            });
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    // --- the table --------------------------------------------------------------------------------

    @Test
    void signInProblems_are403ForAnki_and401Elsewhere_andNothingIs401ForAnki() {
        for (Problem problem : EnumSet.of(Problem.TOKEN_REQUIRED, Problem.INVALID_TOKEN, Problem.WRONG_CREDENTIALS)) {
            assertThat(HttpErrors.status(problem, RouteFamily.ANKI_SYNC)).as(problem.name()).isEqualTo(403);
            assertThat(HttpErrors.status(problem, RouteFamily.API)).as(problem.name()).isEqualTo(401);
            assertThat(HttpErrors.status(problem, RouteFamily.ADMIN_API)).as(problem.name()).isEqualTo(401);
        }
        assertThat(Arrays.stream(Problem.values()).map(p -> HttpErrors.status(p, RouteFamily.ANKI_SYNC)))
                .as("Anki shows 401 as an unexplained network error").doesNotContain(401);
    }

    @Test
    void everyOtherProblem_hasTheSameStatusInEveryFamily() {
        Set<Problem> signIn = EnumSet.of(Problem.TOKEN_REQUIRED, Problem.INVALID_TOKEN, Problem.WRONG_CREDENTIALS);
        for (Problem problem : EnumSet.complementOf(EnumSet.copyOf(signIn))) {
            int sync = HttpErrors.status(problem, RouteFamily.ANKI_SYNC);
            assertThat(sync).as(problem.name()).isBetween(400, 599);
            for (RouteFamily family : RouteFamily.values()) {
                assertThat(HttpErrors.status(problem, family)).as(problem + " on " + family).isEqualTo(sync);
            }
        }
    }

    @Test
    void everyRefusedSignIn_isAProblem_andOnlyAWrongPasswordIsWrongCredentials() {
        Map<Class<?>, LoginOutcome> refusals = Map.of(
                LoginOutcome.LoginRefused.class, new LoginOutcome.LoginRefused(),
                LoginOutcome.LoginNeedsAction.class, new LoginOutcome.LoginNeedsAction("set a new password"),
                LoginOutcome.LoginUnavailable.class, new LoginOutcome.LoginUnavailable("the directory is down"));
        assertThat(Arrays.stream(LoginOutcome.class.getPermittedSubclasses()).filter(c -> c != LoginOutcome.LoggedIn.class))
                .containsExactlyInAnyOrderElementsOf(refusals.keySet());

        assertThat(HttpErrors.signInRefused(refusals.get(LoginOutcome.LoginRefused.class)).problem()).isEqualTo(Problem.WRONG_CREDENTIALS);
        assertThat(HttpErrors.signInRefused(refusals.get(LoginOutcome.LoginNeedsAction.class)).problem())
                .isEqualTo(Problem.SIGN_IN_NEEDS_ACTION);
        assertThat(HttpErrors.signInRefused(refusals.get(LoginOutcome.LoginUnavailable.class)).problem())
                .isEqualTo(Problem.BACKEND_UNAVAILABLE);
    }

    @Test
    void everySharedMediaRefusal_isAProblem() {
        assertThat(Arrays.stream(SharedMediaException.Kind.values()).map(HttpErrors::problem))
                .containsExactly(Problem.FORBIDDEN, Problem.NOT_FOUND, Problem.INVALID_REQUEST);
    }

    @Test
    void challenges_sayInvalidTokenOnlyWhenATokenWasSent() {
        assertThat(HttpErrors.challenge(Problem.TOKEN_REQUIRED, RouteFamily.API)).contains("Bearer");
        assertThat(HttpErrors.challenge(Problem.WRONG_CREDENTIALS, RouteFamily.API)).contains("Bearer");
        assertThat(HttpErrors.challenge(Problem.INVALID_TOKEN, RouteFamily.API)).contains("Bearer error=\"invalid_token\"");
        assertThat(HttpErrors.challenge(Problem.INVALID_TOKEN, RouteFamily.ADMIN_API))
                .contains("Bearer realm=\"deckhand-admin\", error=\"invalid_token\"");
        assertThat(HttpErrors.challenge(Problem.TOKEN_REQUIRED, RouteFamily.ADMIN_API)).contains("Bearer realm=\"deckhand-admin\"");
        assertThat(HttpErrors.challenge(Problem.INVALID_TOKEN, RouteFamily.CLUSTER))
                .contains("Bearer realm=\"deckhand-cluster\", error=\"invalid_token\"");
        assertThat(HttpErrors.challenge(Problem.INVALID_TOKEN, RouteFamily.ANKI_SYNC)).as("a 403 challenges nothing").isEmpty();
        assertThat(HttpErrors.challenge(Problem.FORBIDDEN, RouteFamily.API)).isEmpty();
    }

    @Test
    void routeFamilies_areToldApartByPath() {
        assertThat(RouteFamily.of("/sync/hostKey")).isEqualTo(RouteFamily.ANKI_SYNC);
        assertThat(RouteFamily.of("/msync/begin")).isEqualTo(RouteFamily.ANKI_SYNC);
        assertThat(RouteFamily.of("/api/v1/decks")).isEqualTo(RouteFamily.API);
        assertThat(RouteFamily.of("/api/v1")).isEqualTo(RouteFamily.API);
        assertThat(RouteFamily.of("/api/v10/decks")).isEqualTo(RouteFamily.OTHER);
        assertThat(RouteFamily.of("/admin/api/overview")).isEqualTo(RouteFamily.ADMIN_API);
        assertThat(RouteFamily.of("/cluster/v1/move")).isEqualTo(RouteFamily.CLUSTER);
        assertThat(RouteFamily.of("/synchronise")).isEqualTo(RouteFamily.OTHER);
        assertThat(RouteFamily.of("/manage")).isEqualTo(RouteFamily.OTHER);
    }

    // --- over HTTP ------------------------------------------------------------------------------

    @Test
    void anApiFailure_isProblemJsonWithTheRequestId() throws Exception {
        HttpResponse<String> reply = get("/api/v1/decks/d/role");

        assertThat(reply.statusCode()).isEqualTo(403);
        assertThat(reply.headers().firstValue("Content-Type")).contains("application/problem+json");
        JsonNode problem = JSON.readTree(reply.body());
        assertThat(problem.get("type").asText()).isEqualTo("tag:deckhand,2026:problem:forbidden");
        assertThat(problem.get("title").asText()).isEqualTo("Not allowed");
        assertThat(problem.get("status").asInt()).isEqualTo(403);
        assertThat(problem.get("detail").asText()).isEqualTo("this needs the maintainer role in d");
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/decks/d/role");
        assertThat(problem.get("requestId").asText()).isNotBlank().isEqualTo(reply.headers().firstValue("x-request-id").orElseThrow());
        assertThat(reply.headers().firstValue("WWW-Authenticate")).isEmpty();
    }

    @Test
    void anApi401_challengesForABearerToken() throws Exception {
        HttpResponse<String> none = get("/api/v1/decks/d/no-token");
        HttpResponse<String> bad = get("/api/v1/decks/d/bad-token");
        HttpResponse<String> wrong = get("/api/v1/decks/d/wrong-password");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"");
        assertThat(JSON.readTree(bad.body()).get("type").asText()).endsWith(":invalid-token");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrong.body()).get("detail").asText()).isEqualTo("unknown user or wrong password");
    }

    @Test
    void ankiSyncFailures_arePlainTextWithTheStatusAnkiActsOn() throws Exception {
        HttpResponse<String> wrong = get("/sync/wrong-password");
        HttpResponse<String> conflict = get("/sync/conflict");

        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.headers().firstValue("Content-Type")).contains("text/plain;charset=utf-8");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isEmpty();
        String id = wrong.headers().firstValue("x-request-id").orElseThrow();
        assertThat(wrong.body()).isEqualTo("403 unknown user or wrong password (request " + id + ")\n");
        assertThat(conflict.statusCode()).isEqualTo(409);
    }

    @Test
    void theAdministratorsApi_challengesInItsOwnRealm_inPlainText() throws Exception {
        HttpResponse<String> bad = get("/admin/api/bad-token");

        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"deckhand-admin\", error=\"invalid_token\"");
        assertThat(bad.body()).startsWith("401 unknown or revoked token (request ");
    }

    @Test
    void waitingHelps_soRetryAfterSaysHowLong() throws Exception {
        HttpResponse<String> limited = get("/api/v1/decks/d/slow-down");
        HttpResponse<String> down = get("/sync/postgres-down");

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).contains("7");
        assertThat(JSON.readTree(limited.body()).get("type").asText()).endsWith(":rate-limited");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).contains("5");
        assertThat(down.body()).contains("PostgreSQL is not answering");
    }

    @Test
    void aBug_is500AndKeepsItsInternalsToTheLog() throws Exception {
        HttpResponse<String> api = get("/api/v1/decks/d/bug");
        HttpResponse<String> metrics = get("/metrics/bug");

        assertThat(api.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(api.body()).get("detail").asText()).isEqualTo("internal server error");
        assertThat(metrics.statusCode()).isEqualTo(500);
        assertThat(api.body() + metrics.body()).doesNotContain("secret internals");
    }

    @Test
    void anUnknownApiEndpoint_is404ProblemJson_andElsewherePlainText() throws Exception {
        HttpResponse<String> api = get("/api/v1/no/such/thing");
        HttpResponse<String> page = get("/no-such-page");

        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(api.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(JSON.readTree(api.body()).get("type").asText()).endsWith(":not-found");
        assertThat(page.statusCode()).isEqualTo(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    }
}
