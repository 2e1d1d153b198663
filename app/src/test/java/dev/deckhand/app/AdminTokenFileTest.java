package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenFileTest {

    @TempDir Path data;

    @Test
    void aNewToken_isKeptOnlyAsItsHash_privately_andReplacesTheOldOne() throws Exception {
        AdminTokenFile tokens = new AdminTokenFile(data);
        assertThat(tokens.configured()).isFalse();
        assertThat(tokens.matches("")).isFalse();

        String first = tokens.issue();
        String second = tokens.issue();

        assertThat(second).hasSize(43).isNotEqualTo(first);
        assertThat(tokens.configured()).isTrue();
        assertThat(tokens.matches(second)).isTrue();
        assertThat(tokens.matches(first)).isFalse();
        assertThat(tokens.matches(second + " ")).isFalse();
        String stored = Files.readString(tokens.file());
        assertThat(stored).startsWith("sha256:").doesNotContain(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens.file()))).isEqualTo("rw-------");
    }

    @Test
    void off_removesTheToken_andAnUnreadableFileOpensNothing() throws Exception {
        AdminTokenFile tokens = new AdminTokenFile(data);
        String token = tokens.issue();

        assertThat(tokens.revoke()).isTrue();
        assertThat(tokens.revoke()).isFalse();
        assertThat(tokens.matches(token)).isFalse();

        Files.writeString(tokens.file(), token + "\n");
        assertThat(tokens.configured()).isFalse();
        assertThat(tokens.matches(token)).isFalse();
    }
}
