package dev.deckhand.sync.chunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoteTextTest {

    @Test
    void checksum_isTheFirstFourBytesOfSha1_unsigned() {
        // Expected values computed with Python's hashlib: int(sha1(text).hexdigest()[:8], 16).
        assertThat(NoteText.checksum("front")).isEqualTo(460_909_371L);
        assertThat(NoteText.checksum("Ünïcode ✓")).isEqualTo(1_039_399_480L);
        assertThat(NoteText.checksum("")).isEqualTo(3_661_210_606L);
    }

    @Test
    void checksum_ignoresHtml() {
        assertThat(NoteText.checksum("<b>front</b>")).isEqualTo(NoteText.checksum("front"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<b>front</b>|front",
        "<img src=\"cat.jpg\">|' cat.jpg '",
        "a <img alt=\"y\" src=x.png> b|a  x.png  b",
        "<IMG SRC=plain.gif>|' plain.gif '",
        "<!-- note -->text|text",
        "<style>p { color: red }</style>x|x",
        "<script>alert(1)</script>y|y",
        "&lt;b&gt;|<b>",
        "&#x41;&#66;|AB",
        "AT&T|AT&T",
        "1 &amp; 2 &bogus; 3|1 &amp; 2 &bogus; 3",
        "unclosed <b tag|unclosed <b tag",
        "<div>line</div><br>|line"
    })
    void stripHtmlKeepingMediaNames_behavesLikeAnki(String html, String text) {
        assertThat(NoteText.stripHtmlKeepingMediaNames(html)).isEqualTo(text);
    }

    @Test
    void nonBreakingSpaces_becomeSpaces() {
        assertThat(NoteText.stripHtmlKeepingMediaNames("a&nbsp;b&#160;c")).isEqualTo("a b c");
    }

    @Test
    void cleanField_removesControlCharactersButKeepsTabsAndNewlines() {
        assertThat(NoteText.cleanField("a\u0001b\tc\nd\u007f")).isEqualTo("ab\tc\nd");
        assertThat(NoteText.cleanField("plain")).isSameAs("plain");
    }

    @Test
    void hostileFields_areHandledInLinearTime() {
        String manyOpenings = "<".repeat(200_000) + "<img src=\"" + "\"".repeat(50_000);
        String manyEntities = "&".repeat(200_000);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            NoteText.stripHtmlKeepingMediaNames(manyOpenings);
            NoteText.stripHtmlKeepingMediaNames(manyEntities);
            NoteText.checksum(manyOpenings);
        });
    }
}
