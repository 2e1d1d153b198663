package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.in.LoginOutcome;
import dev.deckhand.ports.in.decks.CheckResult;
import dev.deckhand.ports.in.decks.ConfirmResult;
import dev.deckhand.ports.model.decks.MediaName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HttpMetrics metrics = new HttpMetrics(registry, "ldap", new Endpoints());

    private double syncs(String kind, String outcome) {
        var counter = registry.find("deckhand_syncs").tags("kind", kind, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private void request(String endpoint, int status) {
        metrics.requestFinished(endpoint, "POST", status, false, 3_000_000);
    }

    @Test
    void aRequest_isTimedByEndpointMethodAndStatusClass_andItsBytesCounted() {
        metrics.requestFinished("/sync/meta", "POST", 200, false, 7_000_000);
        metrics.requestFinished("/sync/meta", "POST", 200, false, 9_000_000);
        metrics.bytesTransferred("/sync/meta", 120, 45);
        metrics.bytesTransferred("/sync/meta", 80, 55);

        var timer = registry.get("deckhand_http_requests").tags("endpoint", "/sync/meta", "method", "POST", "status", "2xx").timer();
        assertThat(timer.count()).isEqualTo(2);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(16.0);
        assertThat(registry.get("deckhand_http_received_bytes").tags("endpoint", "/sync/meta").counter().count()).isEqualTo(200);
        assertThat(registry.get("deckhand_http_sent_bytes").tags("endpoint", "/sync/meta").counter().count()).isEqualTo(100);
    }

    @Test
    void a409_isCountedAsAConflict_andAsAConflictedSyncOfItsKind() {
        request("/sync/applyChanges", 409);
        request("/msync/uploadChanges", 409);

        assertThat(registry.get("deckhand_http_conflicts").tags("endpoint", "/sync/applyChanges").counter().count()).isEqualTo(1);
        assertThat(syncs("normal", "conflict")).isEqualTo(1);
        assertThat(syncs("media", "conflict")).isEqualTo(1);
    }

    @Test
    void syncs_areCountedAtTheRequestThatDecidesThem() {
        request("/sync/start", 200);
        request("/sync/applyChanges", 200);
        request("/sync/finish", 200);
        request("/sync/upload", 200);
        metrics.requestFinished("/sync/upload", "POST", 200, true, 1);
        request("/sync/download", 500);
        request("/msync/begin", 200);
        request("/msync/mediaChanges", 200);
        request("/msync/mediaSanity", 200);
        metrics.requestFinished("/msync/mediaSanity", "POST", 200, true, 1);
        request("/sync/meta", 200);

        assertThat(syncs("normal", "ok")).isEqualTo(1);
        assertThat(syncs("full_upload", "ok")).isEqualTo(1);
        assertThat(syncs("full_upload", "refused")).isEqualTo(1);
        assertThat(syncs("full_download", "failed")).isEqualTo(1);
        assertThat(syncs("media", "ok")).isEqualTo(1);
        assertThat(syncs("media", "failed")).as("a sanity mismatch").isEqualTo(1);
        assertThat(registry.find("deckhand_syncs").counters()).hasSize(6);
    }

    @Test
    void aFailingNormalStep_isAFailedNormalSync() {
        request("/sync/chunk", 400);

        assertThat(syncs("normal", "failed")).isEqualTo(1);
    }

    @Test
    void signIns_areCountedByTheConfiguredBackendAndTheOutcome() {
        metrics.signIn(new LoginOutcome.LoginRefused());
        metrics.signIn(new LoginOutcome.LoginUnavailable("directory down"));

        assertThat(registry.get("deckhand_sign_ins").tags("backend", "ldap", "outcome", "refused").counter().count()).isEqualTo(1);
        assertThat(registry.get("deckhand_sign_ins").tags("backend", "ldap", "outcome", "unavailable").counter().count()).isEqualTo(1);
    }

    @Test
    void everySignInOutcome_hasALabel() {
        assertThat(Arrays.stream(LoginOutcome.class.getPermittedSubclasses()).map(Class::getSimpleName))
                .containsExactlyInAnyOrder("LoggedIn", "LoginRefused", "LoginNeedsAction", "LoginUnavailable");
        assertThat(SignInOutcomes.name(new LoginOutcome.LoginNeedsAction("new password"))).isEqualTo("needs_action");
    }

    @Test
    void sharedMediaFiles_areCountedByVerdict_withoutTheirNames() {
        MediaName secret = new MediaName("alice-private.jpg");
        metrics.sharedMediaChecked(new CheckResult(List.of(secret), List.of(), List.of()));
        metrics.sharedMediaConfirmed(new ConfirmResult(List.of(), List.of(new ConfirmResult.TicketRefusal(UUID.randomUUID(), "not an image"))));

        assertThat(registry.get("deckhand_shared_media_files").tags("verdict", "present").counter().count()).isEqualTo(1);
        assertThat(registry.get("deckhand_shared_media_files").tags("verdict", "rejected").counter().count()).isEqualTo(1);
        assertThat(registry.getMeters()).flatMap(HttpMetricsTest::tagValues).doesNotContain("alice-private.jpg");
    }

    private static List<String> tagValues(Meter meter) {
        return meter.getId().getTags().stream().map(Tag::getValue).toList();
    }

    @Test
    void statusClasses_areBounded() {
        assertThat(HttpMetrics.statusClass(204)).isEqualTo("2xx");
        assertThat(HttpMetrics.statusClass(999)).isEqualTo("other");
    }
}
