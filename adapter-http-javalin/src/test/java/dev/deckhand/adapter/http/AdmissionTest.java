package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    private final Admission admission = new Admission(
            new RequestLimits(1024, Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(120),
                    2, 3, 4, 10),
            new ClientAddresses(ProxySettings.none()));

    @Test
    void anAccountMayRunOnlySoManyRequestsAndGetsThePlaceBackWhenOneEnds() {
        Admission.Place first = admission.forAccount("alice");
        Admission.Place second = admission.forAccount("alice");

        assertThatThrownBy(() -> admission.forAccount("alice"))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> {
                    assertThat(e.getMessage()).contains("this account").contains("at most 2");
                    assertThat(e.retryAfterSeconds()).isPositive();
                });
        assertThatCode(() -> admission.forAccount("bob").close()).as("another account").doesNotThrowAnyException();

        first.close();
        assertThatCode(() -> admission.forAccount("alice").close()).doesNotThrowAnyException();
        second.close();
    }

    @Test
    void refusedRequestsGiveNothingBackTwice() {
        List<Admission.Place> held = new ArrayList<>();
        held.add(admission.forAccount("alice"));
        held.add(admission.forAccount("alice"));
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(() -> admission.forAccount("alice")).isInstanceOf(TooManyRequestsException.class);
        }
        held.forEach(Admission.Place::close);
        held.clear();
        held.add(admission.forAccount("alice"));
        held.add(admission.forAccount("alice"));
        assertThatThrownBy(() -> admission.forAccount("alice")).as("the limit is still exactly 2")
                .isInstanceOf(TooManyRequestsException.class);
        held.forEach(Admission.Place::close);
    }
}
