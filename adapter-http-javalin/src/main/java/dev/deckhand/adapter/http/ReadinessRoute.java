package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.ports.in.ProbeResult;
import dev.deckhand.ports.in.Readiness;
import dev.deckhand.ports.in.ReadinessReport;
import io.javalin.http.Context;
import java.util.Objects;

/**
 * {@code GET /ready}: 200 when every configured backend answered, 503 with {@code Retry-After}
 * otherwise; the JSON body lists each check, how long it took and, when it failed, why:
 * <pre>{"status":"ready","checks":[{"name":"server-database","ok":true,"ms":3}, ...]}</pre>
 * Not behind admission control, like {@code /health}: a full server is still ready.
 */
final class ReadinessRoute {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Readiness readiness;

    ReadinessRoute(Readiness readiness) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
    }

    void handle(Context ctx) throws Exception {
        ReadinessReport report = readiness.check();
        ObjectNode body = JSON.createObjectNode();
        body.put("status", report.ready() ? "ready" : "not ready");
        ArrayNode checks = body.putArray("checks");
        for (ProbeResult result : report.checks()) {
            ObjectNode check = checks.addObject()
                    .put("name", result.name())
                    .put("ok", result.ok())
                    .put("ms", result.took().toMillis());
            result.problem().ifPresent(problem -> check.put("problem", problem));
        }
        ctx.status(report.ready() ? 200 : 503);
        if (!report.ready()) {
            ctx.header("Retry-After", Long.toString(HttpErrors.BACKEND_RETRY_AFTER_SECONDS));
        }
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json");
        ctx.result(JSON.writeValueAsBytes(body));
    }
}
