package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.in.decks.CheckResult;
import dev.deckhand.ports.in.decks.ConfirmResult;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What the HTTP server counts: every request by endpoint (duration, bytes in and out, 409s), the
 * syncs those requests decide ({@link DecidedSync}), sign-ins and shared-media files. Labels come from fixed sets only
 * ({@link Endpoints}, outcome names here): never a user name, deck, file name or other client text.
 */
final class HttpMetrics {

    /** Bucket bounds of the request duration histograms: from a quick meta to a long full sync. */
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(60), Duration.ofSeconds(120),
    };
    static final String ENDPOINT_ATTRIBUTE = "deckhand.metricsEndpoint";
    private static final String SHARED_MEDIA_FILES = "deckhand_shared_media_files";

    private final MeterRegistry registry;
    private final String signInBackend;
    private final Endpoints endpoints;
    /**
     * The meters every request updates, registered on first use: building and registering them on
     * every request cost about 3 % of a sync's server CPU (profile of bench/). The label sets are
     * fixed, so these maps stay small.
     */
    private final Map<RequestLabels, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<EndpointCounter, Counter> endpointCounters = new ConcurrentHashMap<>();

    private record RequestLabels(String endpoint, String httpMethod, String statusClass) {}

    private record EndpointCounter(String name, String endpoint) {}

    HttpMetrics(MeterRegistry registry, String signInBackend, Endpoints endpoints) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.signInBackend = Objects.requireNonNull(signInBackend, "signInBackend");
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    /**
     * Records a handled request; called once per request when its status is known. Its bytes are
     * counted later, when the response has gone out ({@link WireBytes}); the endpoint label waits for
     * them in a request attribute.
     */
    void requestFinished(Context ctx, float millis) {
        // No route matched: the last handler that ran was a before-handler, which has no endpoint path.
        String route = ctx.handlerType() == HandlerType.BEFORE ? null : ctx.endpointHandlerPath();
        String endpoint = endpoints.of(route, route == null ? null : ctx.pathParamMap().get("method"));
        ctx.attribute(ENDPOINT_ATTRIBUTE, endpoint);
        requestFinished(endpoint, ctx.method().name(), ctx.statusCode(), ctx.attribute(RequestIds.ERROR_ATTRIBUTE) != null,
                (long) (millis * 1_000_000L));
    }

    void requestFinished(String endpoint, String httpMethod, int status, boolean refused, long nanos) {
        requestTimers.computeIfAbsent(new RequestLabels(endpoint, httpMethod, statusClass(status)), this::requestTimer)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (status == 409) {
            counter("deckhand_http_conflicts", "409 answers (another sync of the account holds it), by endpoint", endpoint)
                    .increment();
        }
        DecidedSync.of(endpoint, status, refused).ifPresent(sync -> Counter.builder("deckhand_syncs")
                .description("Syncs by kind and outcome")
                .tags("kind", sync.kind(), "outcome", sync.outcome())
                .register(registry)
                .increment());
    }

    private Timer requestTimer(RequestLabels labels) {
        return Timer.builder("deckhand_http_requests")
                .description("HTTP requests by endpoint (route template), method and status class")
                .tags("endpoint", labels.endpoint(), "method", labels.httpMethod(), "status", labels.statusClass())
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry);
    }

    /** Records the body bytes of a request and its response, as they crossed the network (compressed). */
    void bytesTransferred(String endpoint, long received, long sent) {
        counter("deckhand_http_received_bytes", "Request body bytes received, by endpoint", endpoint).increment(received);
        counter("deckhand_http_sent_bytes", "Response body bytes sent, by endpoint", endpoint).increment(sent);
    }

    /** Records the outcome of a sign-in with a password. */
    void signIn(LoginOutcome outcome) {
        signIn(SignInOutcomes.name(outcome));
    }

    /** Records a sign-in refused by the limits before the password was looked at. */
    void signInThrottled() {
        signIn("throttled");
    }

    private void signIn(String outcome) {
        Counter.builder("deckhand_sign_ins")
                .description("Sign-ins with a password, by backend and outcome")
                .tags("backend", signInBackend, "outcome", outcome)
                .register(registry)
                .increment();
    }

    /** Records the verdicts of a shared-media check: already present, offered for upload, refused. */
    void sharedMediaChecked(CheckResult result) {
        sharedMediaFiles("present", result.present().size());
        sharedMediaFiles("offered", result.uploads().size());
        sharedMediaFiles("refused", result.refused().size());
    }

    /** Records the verdicts of a shared-media confirm: stored, or rejected after the upload. */
    void sharedMediaConfirmed(ConfirmResult result) {
        sharedMediaFiles("stored", result.stored().size());
        sharedMediaFiles("rejected", result.refused().size());
    }

    private void sharedMediaFiles(String verdict, int count) {
        Counter.builder(SHARED_MEDIA_FILES)
                .description("Shared-media files announced (check) and uploaded (confirm), by verdict")
                .tags("verdict", verdict)
                .register(registry)
                .increment(count);
    }

    private Counter counter(String name, String description, String endpoint) {
        return endpointCounters.computeIfAbsent(new EndpointCounter(name, endpoint),
                key -> Counter.builder(name).description(description).tags("endpoint", endpoint).register(registry));
    }

    static String statusClass(int status) {
        return status >= 100 && status < 600 ? (status / 100) + "xx" : Endpoints.OTHER;
    }
}
