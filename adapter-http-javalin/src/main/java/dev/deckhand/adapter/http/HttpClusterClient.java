package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.ports.model.Sha256;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.model.nodes.NodeId;
import dev.deckhand.ports.out.StorageException;
import dev.deckhand.ports.out.StoredFile;
import dev.deckhand.ports.out.nodes.CollectionCourier;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * One node talking to another over {@code /cluster/v1}: delivering a collection being moved, and
 * (for {@code deckhand node drain}) asking a node to move one of its users away.
 */
public final class HttpClusterClient implements CollectionCourier {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** A collection of the largest allowed size (300 MiB) still crosses at under 1 MB/s. */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofMinutes(10);
    private static final int MAX_DETAIL = 300;

    private final HttpClient client;
    private final ClusterSecret secret;
    private final SyncJson json = new SyncJson();

    public HttpClusterClient(ClusterSecret secret) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Sha256 deliver(UserId user, URI node, StoredFile collection) {
        HttpRequest request = HttpRequest.newBuilder(node.resolve(ClusterRoutes.COLLECTION_PATH.substring(1) + "?user="
                        + URLEncoder.encode(user.name(), StandardCharsets.UTF_8)))
                .timeout(TRANSFER_TIMEOUT)
                .header("Authorization", secret.authorization())
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(collection::open),
                        collection.sizeBytes()))
                .build();
        JsonNode reply = send(request, "deliver the collection of " + user.name() + " to " + node);
        return new Sha256(SyncJson.requiredString(reply, "sha256"));
    }

    /**
     * Asks the node at {@code node} to move the user's collection to {@code to}; returns once it has
     * moved, with the number of bytes moved.
     *
     * @throws StorageException if the node could not be reached or refused (its reason is in the message)
     */
    public long requestMove(URI node, UserId user, NodeId to) {
        byte[] body = json.write(json.mapper().createObjectNode().put("user", user.name()).put("to", to.value()));
        HttpRequest request = HttpRequest.newBuilder(node.resolve(ClusterRoutes.MOVE_PATH.substring(1)))
                .timeout(TRANSFER_TIMEOUT)
                .header("Authorization", secret.authorization())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        JsonNode reply = send(request, "move " + user.name() + " from " + node + " to " + to);
        return reply.path("bytes").asLong();
    }

    private JsonNode send(HttpRequest request, String what) {
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new StorageException("could not " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while trying to " + what, e);
        }
        if (response.statusCode() != 200) {
            throw new StorageException("could not " + what + ": " + response.statusCode() + " " + detail(response.body()));
        }
        return json.parseObject(response.body());
    }

    /** The {@code detail} of a problem answer, or the start of whatever else came back. */
    private String detail(byte[] body) {
        try {
            JsonNode problem = json.parseObject(body);
            if (problem.hasNonNull("detail")) {
                return problem.get("detail").asText();
            }
        } catch (RuntimeException e) {
            // not JSON: show the text as it is
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) + "…" : text;
    }
}
