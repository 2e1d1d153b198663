package com.example.flashcards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/embedding.md shows only code that this module compiles and tests: each of its code blocks
 * follows a {@code <!-- snippet: NAME from PATH -->} line and equals the lines between
 * {@code snippet:NAME} and {@code end-snippet} in that file.
 */
class EmbeddingDocTest {

    private static final Path REPOSITORY = Path.of("../..");
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: (\\w+) from (\\S+) -->\\n```\\w*\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern CODE_BLOCK = Pattern.compile("^```\\w*$.*?^```$", Pattern.DOTALL | Pattern.MULTILINE);

    @Test
    void everyCodeBlockOfTheGuide_isCodeOfThisExample() throws IOException {
        String guide = Files.readString(REPOSITORY.resolve("docs/embedding.md"));
        Matcher snippets = SNIPPET.matcher(guide);
        int checked = 0;
        while (snippets.find()) {
            String name = snippets.group(1);
            Path source = REPOSITORY.resolve(snippets.group(2));
            assertThat(snippets.group(3)).as("snippet %s of %s", name, source).isEqualTo(region(source, name));
            checked++;
        }

        assertThat(checked).as("snippets checked").isGreaterThanOrEqualTo(4);
        assertThat(CODE_BLOCK.matcher(guide).results().count()).as("code blocks, all of which must be snippets")
                .isEqualTo(checked);
    }

    /** The lines between the markers, without the indentation they share. */
    private static String region(Path source, String name) throws IOException {
        List<String> region = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(source)) {
            if (line.contains("snippet:" + name)) {
                inside = true;
            } else if (inside && line.contains("end-snippet")) {
                return String.join("\n", region).stripIndent().stripTrailing();
            } else if (inside) {
                region.add(line);
            }
        }
        throw new AssertionError("no snippet:" + name + " ... end-snippet in " + source);
    }
}
