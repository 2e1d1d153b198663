package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.ports.in.UserUsage;
import dev.deckhand.ports.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class UsageTextTest {

    @Test
    void table_alignsFigures_andSaysWhatIsUnknown() {
        UserUsage synced = new UserUsage(new UserId("alice"), 3 * 1024 * 1024, OptionalLong.of(1200), OptionalLong.of(2400), 7,
                1536, Optional.of(Instant.parse("2026-12-04T03:49:18.157Z")), 2);
        UserUsage never = new UserUsage(new UserId("<b>bob</b>"), 0, OptionalLong.empty(), OptionalLong.empty(), 0, 0,
                Optional.empty(), 0);

        List<String> lines = UsageText.table(List.of(synced, never)).lines().toList();

        assertThat(lines).containsExactly(
                "USER        COLLECTION  NOTES  CARDS  MEDIA FILES    MEDIA  LAST SYNC          DEVICES",
                "alice          3.0 MiB   1200   2400            7  1.5 KiB  2026-12-04 03:49Z        2",
                "<b>bob</b>         0 B      -      -            0      0 B  never                    0");
    }

    @Test
    void bytes_useBinaryUnits() {
        assertThat(UsageText.bytes(1023)).isEqualTo("1023 B");
        assertThat(UsageText.bytes(1024)).isEqualTo("1.0 KiB");
        assertThat(UsageText.bytes(5L * 1024 * 1024 * 1024 * 1024 * 3)).isEqualTo("15.0 TiB");
    }
}
