package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.adapter.filesystem.WritableFolderProbe;
import dev.deckhand.adapter.postgres.PostgresProbe;
import dev.deckhand.adapter.postgres.PostgresSettings;
import dev.deckhand.ports.in.ProbeResult;
import dev.deckhand.ports.out.BackendProbe;
import dev.deckhand.ports.in.ReadinessReport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readiness check's deadline, its reuse of answers, and the checks it builds from settings. */
class ReadinessCheckTest {

    @TempDir
    Path data;

    /** A loopback port that accepts connections, counts them, and never sends a byte. */
    private static final class SilentServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger accepted = new AtomicInteger();
        private final List<Socket> held = new ArrayList<>();
        private final Thread acceptor = new Thread(this::acceptForever, "silent-server");

        SilentServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void acceptForever() {
            for (int i = 0; i < 1000; i++) {
                try {
                    Socket connection = socket.accept();
                    synchronized (held) {
                        held.add(connection);
                    }
                    accepted.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            synchronized (held) {
                for (Socket connection : held) {
                    connection.close();
                }
            }
        }
    }

    /** A backend that never answers until released: counts how often it was asked. */
    private static final class HangingProbe implements BackendProbe, AutoCloseable {
        private final AtomicInteger asked = new AtomicInteger();
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public String name() {
            return "hanging";
        }

        @Override
        public void check(Duration timeout) {
            asked.incrementAndGet();
            try {
                released.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            released.countDown();
        }
    }

    @Test
    void aSilentBackend_failsAtTheDeadline_isNotAskedAgainWhileStillRunning_andTheOthersPass() {
        try (HangingProbe hanging = new HangingProbe();
                ReadinessCheck readiness = new ReadinessCheck(List.of(new WritableFolderProbe("blobs", data.resolve("blobs")), hanging),
                        Duration.ofMillis(300), Duration.ofMillis(50), System::nanoTime, List.of())) {
            long started = System.nanoTime();
            ReadinessReport first = readiness.check();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(Duration.ofMillis(900));
            assertThat(first.ready()).isFalse();
            assertThat(first.checks()).extracting(ProbeResult::name).containsExactly("blobs", "hanging");
            assertThat(first.checks().get(0).ok()).isTrue();
            assertThat(first.checks().get(1).problem()).contains("no answer within 300 ms");

            await(Duration.ofMillis(100)); // past the reuse, while the hanging probe still waits
            ReadinessReport second = readiness.check();
            assertThat(second).isNotSameAs(first);
            assertThat(second.checks().get(1).ok()).isFalse();
            assertThat(hanging.asked.get()).isEqualTo(1);
        }
    }

    private static void await(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFloodOfChecksWhileABackendIsSilent_waitsForOneAnswer_andReachesTheBackendOnce() throws Exception {
        try (SilentServer silent = new SilentServer();
                ReadinessCheck readiness = new ReadinessCheck(List.of(
                        new PostgresProbe(new PostgresSettings("jdbc:postgresql://127.0.0.1:" + silent.port() + "/deckhand",
                                "deckhand", "password", 1))),
                        Duration.ofMillis(500), Duration.ofMillis(300), System::nanoTime, List.of())) {
            ExecutorService flood = Executors.newFixedThreadPool(16);
            try {
                long started = System.nanoTime();
                List<Future<ReadinessReport>> answers = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    answers.add(flood.submit(readiness::check));
                }
                for (Future<ReadinessReport> answer : answers) {
                    assertThat(answer.get(5, TimeUnit.SECONDS).ready()).isFalse();
                }
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(900));
                assertThat(silent.accepted.get()).isEqualTo(1);
            } finally {
                flood.shutdownNow();
            }
        }
    }

    @Test
    void answersAreReusedForAMoment() throws Exception {
        try (ReadinessCheck readiness = new ReadinessCheck(List.of(new WritableFolderProbe("blobs", data)),
                Duration.ofMillis(500), Duration.ofSeconds(30), System::nanoTime, List.of())) {
            ReadinessReport first = readiness.check();
            assertThat(readiness.check()).isSameAs(first);
            assertThat(first.ready()).isTrue();
        }
    }

    @Test
    void forConfig_checksWhatTheSettingsNeed_andPassesOnAFreshDataFolder() {
        ServerConfig config = ServerConfig.fromEnv(Map.of("DECKHAND_DATA_DIR", data.toString()));
        try (ReadinessCheck readiness = ReadinessCheck.forConfig(config)) {
            ReadinessReport report = readiness.check();
            assertThat(report.checks()).extracting(ProbeResult::name).containsExactly("server-database", "blobs");
            assertThat(report.checks()).allSatisfy(check -> assertThat(check.problem()).isEqualTo(Optional.empty()));
        }
    }
}
