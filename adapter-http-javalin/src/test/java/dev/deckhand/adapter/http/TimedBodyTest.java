package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TimedBodyTest {

    private static final long RATE = 1024;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private TimedBody body(InputStream in) {
        return new TimedBody(in, now.get() + TimeUnit.HOURS.toNanos(2), 7200, RATE, now::get);
    }

    private void pass(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aSmallBodyReadLateByABusyServer_isNotTooSlow() throws IOException {
        TimedBody small = body(new ByteArrayInputStream(new byte[22]));
        pass(400); // the probe's 408: 22 bytes read 37 ms after they arrived

        assertThat(small.readAllBytes()).hasSize(22);
    }

    @Test
    void aTrickledBody_isCutOffOnceTheGraceHasPassed() throws IOException {
        TimedBody trickled = body(new ByteArrayInputStream(new byte[1_000_000]));
        byte[] twenty = new byte[20];
        for (int second = 0; second * 1000 < TimedBody.RATE_GRACE_MILLIS; second++) {
            assertThat(trickled.read(twenty)).isEqualTo(20);
            pass(1000);
        }
        pass(1000);

        assertThatThrownBy(() -> trickled.read(twenty)).isInstanceOf(TimedBody.BodyTooSlowException.class)
                .hasMessageContaining("1024 bytes a second");
    }

    @Test
    void aBodyAtTheRate_isReadToTheEnd() throws IOException {
        TimedBody steady = body(new ByteArrayInputStream(new byte[64 * 1024]));
        byte[] second = new byte[(int) RATE];
        int total = 0;
        for (int read; (read = steady.read(second)) > 0; total += read) {
            pass(1000);
        }

        assertThat(total).isEqualTo(64 * 1024);
    }

    @Test
    void aBodyPastItsDeadline_isCutOff() {
        TimedBody late = body(new ByteArrayInputStream(new byte[10]));
        pass(TimeUnit.HOURS.toMillis(2) + 1);

        assertThatThrownBy(late::read).isInstanceOf(TimedBody.BodyTooSlowException.class).hasMessageContaining("7200 s");
    }
}
