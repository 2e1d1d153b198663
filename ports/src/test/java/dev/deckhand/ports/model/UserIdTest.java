package dev.deckhand.ports.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UserIdTest {

    @Test
    void storageKey_neverContainsPathCharacters() {
        for (String hostile : List.of("../x", "/etc/passwd", "a/../../b", "..", ".", "C:\\evil", "名前 with spaces", "x\u202Ey")) {
            String key = new UserId(hostile).storageKey().value();

            assertThat(key).matches("[a-z0-9_-]+").doesNotContain("..").doesNotContain("/");
        }
    }

    @Test
    void storageKey_keepsNamesThatDifferOnlyInCaseOrPunctuationApart() {
        List<String> names = List.of("alice", "Alice", "ALICE", "a/b", "a_b", "a\\b", "a.b", "../x", "__x", "");
        Set<String> keys = new HashSet<>();
        for (String name : names.subList(0, names.size() - 1)) {
            keys.add(new UserId(name).storageKey().value());
        }

        assertThat(keys).hasSize(names.size() - 1);
    }

    @Test
    void storageKey_isStableAndReadable() {
        assertThat(new UserId("alice").storageKey()).isEqualTo(new UserId("alice").storageKey());
        assertThat(new UserId("alice").storageKey().value()).startsWith("alice-");
    }

    @Test
    void rejectsEmptyOverlongAndControlCharacters() {
        assertThatThrownBy(() -> new UserId("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserId("a".repeat(257))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserId("a\u0000b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserId("a\nb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostKeyToStringHidesTheSecret() {
        assertThat(new HostKey("s3cret").toString()).doesNotContain("s3cret");
    }
}
