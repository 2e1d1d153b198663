package dev.deckhand.adapter.sqlite.collection.internal.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** The schema-18 DDL ({@code db/collection/schema18.sql}) as single statements, comments removed. */
public final class Schema18 {

    private static final List<String> STATEMENTS = load();

    private Schema18() {}

    public static List<String> statements() {
        return STATEMENTS;
    }

    private static List<String> load() {
        try (InputStream in = Schema18.class.getResourceAsStream("/db/collection/schema18.sql")) {
            if (in == null) {
                throw new IllegalStateException("missing /db/collection/schema18.sql");
            }
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String withoutComments = String.join("\n", sql.lines().filter(line -> !line.stripLeading().startsWith("--")).toList());
            return Arrays.stream(withoutComments.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
