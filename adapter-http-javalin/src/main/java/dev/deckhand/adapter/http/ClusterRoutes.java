package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.ports.in.CollectionMoves;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.router.JavalinDefaultRouting;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * What the nodes of a cluster ask of each other, under {@code /cluster/v1}: take in a collection
 * being moved here, and move one of this node's collections to another node (what
 * {@code deckhand node drain} asks of the node being drained). Every call needs
 * {@code Authorization: Bearer <cluster secret>}.
 */
final class ClusterRoutes {

    static final String COLLECTION_PATH = "/cluster/v1/collection";
    static final String MOVE_PATH = "/cluster/v1/move";
    private static final long MAX_JSON_BYTES = 4 * 1024;

    private final CollectionMoves moves;
    private final ClusterSecret secret;
    private final SyncJson json;

    ClusterRoutes(CollectionMoves moves, ClusterSecret secret, SyncJson json) {
        this.moves = Objects.requireNonNull(moves, "moves");
        this.secret = Objects.requireNonNull(secret, "secret");
        this.json = Objects.requireNonNull(json, "json");
    }

    void mount(JavalinDefaultRouting router) {
        router.put(COLLECTION_PATH, authorized(this::receive));
        router.post(MOVE_PATH, authorized(this::moveOut));
    }

    private Handler authorized(Handler handler) {
        return ctx -> {
            String header = ctx.header("Authorization");
            if (header == null || !header.startsWith(ClusterSecret.BEARER)) {
                throw new ProblemException(Problem.TOKEN_REQUIRED, "the cluster secret is required");
            }
            if (!secret.matches(header.substring(ClusterSecret.BEARER.length()))) {
                throw new ProblemException(Problem.INVALID_TOKEN, "wrong cluster secret");
            }
            handler.handle(ctx);
        };
    }

    private void receive(Context ctx) throws IOException {
        String name = ctx.queryParam("user");
        if (name == null) {
            throw new BadRequestException("the user query parameter is required");
        }
        UserId user = SharedMediaRoutes.parse(() -> new UserId(name));
        Sha256 installed;
        try (InputStream body = RequestBodies.stream(ctx)) {
            installed = moves.moveIn(user, body);
        }
        ObjectNode reply = json.mapper().createObjectNode();
        reply.put("user", user.name());
        reply.put("sha256", installed.hex());
        write(ctx, reply);
    }

    private void moveOut(Context ctx) throws IOException {
        JsonNode body;
        try (InputStream in = new LimitedInputStream(RequestBodies.stream(ctx), MAX_JSON_BYTES)) {
            body = json.parseObject(in.readAllBytes());
        } catch (LimitedInputStream.BodyTooLargeException e) {
            throw new ProblemException(Problem.TOO_LARGE, "request body is larger than " + e.limit() + " bytes");
        }
        String name = SyncJson.requiredString(body, "user");
        String to = SyncJson.requiredString(body, "to");
        UserId user = SharedMediaRoutes.parse(() -> new UserId(name));
        NodeId target = SharedMediaRoutes.parse(() -> new NodeId(to));
        CollectionMoves.MovedCollection moved = moves.moveOut(user, target);
        ObjectNode reply = json.mapper().createObjectNode();
        reply.put("user", moved.user().name());
        reply.put("to", moved.to().value());
        reply.put("bytes", moved.bytes());
        reply.put("sha256", moved.sha256().hex());
        write(ctx, reply);
    }

    private void write(Context ctx, JsonNode body) {
        ctx.contentType("application/json");
        ctx.header("Cache-Control", "no-store");
        ctx.result(json.write(body));
    }
}
