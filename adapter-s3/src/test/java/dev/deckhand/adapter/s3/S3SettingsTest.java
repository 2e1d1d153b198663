package dev.deckhand.adapter.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    @Test
    void toString_neverShowsTheSecret() {
        S3Settings settings = new S3Settings(Optional.of(URI.create("http://127.0.0.1:9000")), "us-east-1", "media", "deckhand/",
                true, Optional.of("AKIDEXAMPLE"), Optional.of("wJalrXUtnFEMI-very-secret"));

        assertThat(settings.toString()).doesNotContain("wJalrXUtnFEMI-very-secret").contains("media", "[redacted]");
    }

    @Test
    void credentials_comeInPairs() {
        assertThatThrownBy(() -> new S3Settings(Optional.empty(), "us-east-1", "media", "", true, Optional.of("AKIDEXAMPLE"),
                Optional.empty())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBucketAndARegion_areRequired() {
        assertThatThrownBy(() -> new S3Settings(Optional.empty(), "us-east-1", " ", "", true, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new S3Settings(Optional.empty(), "", "media", "", true, Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
