package dev.deckhand.adapter.cognito;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A loopback HTTP server that speaks Cognito's JSON 1.1 protocol as the AWS SDK sees it: it records
 * every request (target header, authorization header, JSON body) and answers with responses shaped
 * like Cognito's own (success, challenge, or an error with {@code __type} and {@code x-amzn-ErrorType}).
 */
final class FakeCognito implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the SDK sent it. */
    record Received(String target, String authorization, JsonNode body) {
        String parameter(String name) {
            JsonNode value = body.path("AuthParameters").get(name);
            return value == null ? null : value.asText();
        }
    }

    /** What the fake answers: an HTTP status and a JSON body, with the error type header when it is an error. */
    record Reply(int status, String body) {

        static Reply signedIn(String cognitoUsername) {
            return new Reply(200, "{\"AuthenticationResult\":{\"AccessToken\":\"" + token(Map.of("username", cognitoUsername,
                    "token_use", "access")) + "\",\"ExpiresIn\":3600,\"IdToken\":\"" + token(Map.of("cognito:username",
                    cognitoUsername, "token_use", "id")) + "\",\"RefreshToken\":\"opaque-refresh\",\"TokenType\":\"Bearer\"},"
                    + "\"ChallengeParameters\":{}}");
        }

        static Reply tokensWithout(String claimsJson) {
            String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
            String jwt = "eyJhbGciOiJSUzI1NiJ9." + payload + ".c2ln";
            return new Reply(200, "{\"AuthenticationResult\":{\"AccessToken\":\"" + jwt + "\",\"IdToken\":\"" + jwt
                    + "\",\"TokenType\":\"Bearer\"},\"ChallengeParameters\":{}}");
        }

        static Reply challenge(String name) {
            return new Reply(200, "{\"ChallengeName\":\"" + name + "\",\"ChallengeParameters\":{\"USER_ID_FOR_SRP\":\"alice\"},"
                    + "\"Session\":\"AYABeOpaqueSession\"}");
        }

        static Reply error(int status, String type, String message) {
            return new Reply(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
        }

        private static String token(Map<String, String> claims) {
            try {
                String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(claims));
                return "eyJraWQiOiJrMSIsImFsZyI6IlJTMjU2In0." + payload + ".c2lnbmF0dXJl";
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Received, Reply> answer = request -> Reply.error(500, "InternalErrorException", "no answer set");

    FakeCognito() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(Function<Received, Reply> answer) {
        this.answer = answer;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readNBytes(1 << 20);
            Received request = new Received(
                    exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    JSON.readTree(body));
            received.add(request);
            Reply reply = answer.apply(request);
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "3c1f1bd0-0000-4000-8000-000000000000");
            if (reply.status() >= 400) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", JSON.readTree(out).get("__type").asText() + ":");
            }
            exchange.sendResponseHeaders(reply.status(), out.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
