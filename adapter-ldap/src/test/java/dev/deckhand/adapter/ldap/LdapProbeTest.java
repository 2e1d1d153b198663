package dev.deckhand.adapter.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deckhand.ports.out.BackendUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The directory's readiness probe against a real UnboundID directory, up and then stopped. */
class LdapProbeTest {

    @Test
    void probePassesWhileTheDirectoryAnswers_andFailsQuicklyOnceItStops() throws Exception {
        try (TestDirectory directory = TestDirectory.plain()) {
            LdapAuthenticator ldap = directory.settings().authenticator();
            assertThat(ldap.name()).isEqualTo("ldap");
            assertThatCode(() -> ldap.check(Duration.ofSeconds(1))).doesNotThrowAnyException();

            directory.stop();
            long started = System.nanoTime();
            assertThatThrownBy(() -> ldap.check(Duration.ofSeconds(1)))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageStartingWith("cannot reach the directory");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        }
    }
}
