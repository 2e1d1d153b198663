package dev.deckhand.adapter.sqlite.collection.internal.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.Collation;

/**
 * The {@code unicase} collation Anki's schema-18 name columns and their unique indexes use: Unicode
 * case-insensitive comparison. Every connection that reads those indexes, writes those tables or
 * runs an integrity check needs it registered under exactly this name.
 *
 * <p>Anki folds case with Rust's {@code unicase} crate; upper- then lower-casing the whole string
 * folds the same way for everything but a few special cases, and compares by code point as Rust
 * does (Java's {@code compareTo} would compare UTF-16 units and misorder supplementary characters).
 */
public final class UnicaseCollation extends Collation {

    public static final String NAME = "unicase";

    public static void register(Connection connection) throws SQLException {
        Collation.create(connection, NAME, new UnicaseCollation());
    }

    @Override
    protected int xCompare(String left, String right) {
        return compareFolded(fold(left), fold(right));
    }

    static String fold(String text) {
        return text.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    private static int compareFolded(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
