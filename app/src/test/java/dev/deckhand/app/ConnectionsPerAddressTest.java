package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.adapter.http.RequestLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limit on connections per client address counts open connections, not connections ever made:
 * a client that connects, is answered and disconnects, again and again, is never locked out.
 */
class ConnectionsPerAddressTest {

    @RegisterExtension
    static final RunningServer SERVER = new RunningServer();
    private static final int LIMIT = RequestLimits.defaults().connectionsPerAddress();

    /** Sends one request on a new connection that asks to be closed; the status line, or "" if none came. */
    private static String healthOnANewConnection() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), SERVER.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return statusLine(socket.getInputStream());
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\r') {
            line.append((char) b);
        }
        return line.toString();
    }

    /** Found by the shared-media fault test: closed connections were never uncounted, so the 65th ever failed. */
    @Test
    void manyConnectionsOneAfterAnother_areAllAnswered() throws IOException {
        for (int i = 0; i < 3 * LIMIT; i++) {
            assertThat(healthOnANewConnection()).as("connection %d", i + 1).isEqualTo("HTTP/1.1 200 OK");
        }
    }

    @Test
    void connectionsHeldOpenBeyondTheLimit_areClosed_andFreedWhenTheOthersClose() throws IOException {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                held.add(new Socket(InetAddress.getLoopbackAddress(), SERVER.port()));
            }
            String overTheLimit = "not tried";
            // The server counts a connection once its selector has taken it, a moment after the accept.
            for (int attempt = 0; attempt < 50 && !overTheLimit.isEmpty(); attempt++) {
                overTheLimit = healthOnANewConnection();
            }
            assertThat(overTheLimit).as("one over the limit").isEmpty();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
        String answer = "";
        for (int attempt = 0; attempt < 50 && answer.isEmpty(); attempt++) {
            answer = healthOnANewConnection(); // the server notices the closes a moment later
        }
        assertThat(answer).isEqualTo("HTTP/1.1 200 OK");
    }
}
