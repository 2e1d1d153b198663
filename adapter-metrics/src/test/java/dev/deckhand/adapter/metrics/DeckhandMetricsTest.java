package dev.deckhand.adapter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.out.SyncEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeckhandMetricsTest {

    private final DeckhandMetrics metrics = DeckhandMetrics.prometheus("9.9.9", "abc1234");

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void theText_namesTheBuild_andHasTheJvmsMeters() {
        String text = metrics.scrape();

        assertThat(text).contains("deckhand_build_info{commit=\"abc1234\",version=\"9.9.9\"} 1");
        assertThat(text).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads", "process_uptime_seconds",
                "system_cpu_count", "jvm_classes_loaded_classes");
    }

    @Test
    void activeSessions_areReadAtEachScrape() {
        AtomicInteger sessions = new AtomicInteger(2);
        metrics.activeSyncSessions(sessions::get);
        assertThat(metrics.scrape()).contains("deckhand_sync_sessions_active 2.0");

        sessions.set(0);
        assertThat(metrics.scrape()).contains("deckhand_sync_sessions_active 0.0");
    }

    @Test
    void lockWaits_areTimedByWhetherTheLockWasTaken() {
        SyncEvents events = new MicrometerSyncEvents(metrics.registry());

        events.lockWaitStarted().ended(true);
        events.lockWaitStarted().ended(true);
        events.lockWaitStarted().ended(false);

        String text = metrics.scrape();
        assertThat(text).contains("deckhand_lock_waits_seconds_count{outcome=\"acquired\"} 2");
        assertThat(text).contains("deckhand_lock_waits_seconds_count{outcome=\"timed_out\"} 1");
    }

    @Test
    void housekeeping_countsRunsAndRemovals() {
        metrics.housekeepingRan(HousekeepingJob.BLOB_SWEEP, 3, 4096);
        metrics.housekeepingFailed(HousekeepingJob.LEFTOVERS);

        String text = metrics.scrape();
        assertThat(text).contains("deckhand_housekeeping_runs_total{job=\"blob_sweep\",outcome=\"ok\"} 1.0");
        assertThat(text).contains("deckhand_housekeeping_runs_total{job=\"leftovers\",outcome=\"failed\"} 1.0");
        assertThat(text).contains("deckhand_housekeeping_removed_total{job=\"blob_sweep\"} 3.0");
        assertThat(text).contains("deckhand_housekeeping_removed_bytes_total{job=\"blob_sweep\"} 4096.0");
    }

    @Test
    void thePrivateListener_servesTheText_andNothingElse() throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try (PrivateMetricsListener listener = PrivateMetricsListener.start("127.0.0.1", 0, metrics::scrape)) {
            String base = "http://127.0.0.1:" + listener.port();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics/x"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(page.body()).contains("deckhand_build_info");
            assertThat(other.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void switchedOff_keepsNothing_andServesNothing() {
        try (DeckhandMetrics off = DeckhandMetrics.none()) {
            off.housekeepingRan(HousekeepingJob.LEFTOVERS, 1, 1);
            new MicrometerSyncEvents(off.registry()).lockWaitStarted().ended(true);

            assertThat(off.registry().getMeters()).isEmpty();
            assertThat(off.scrape()).isEmpty();
        }
    }
}
