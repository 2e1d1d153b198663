package dev.deckhand.app;

import dev.deckhand.ports.in.StorageTotals;
import dev.deckhand.ports.in.UserUsage;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** {@code user usage} as a table for people (the JSON is {@link dev.deckhand.adapter.http.UsageJson}). */
final class UsageText {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> HEADINGS =
            List.of("USER", "COLLECTION", "NOTES", "CARDS", "MEDIA FILES", "MEDIA", "LAST SYNC", "DEVICES");

    private UsageText() {}

    static String table(List<UserUsage> users) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (UserUsage user : users) {
            rows.add(List.of(user.user().name(), bytes(user.collectionBytes()), count(user.notes()), count(user.cards()),
                    Long.toString(user.mediaFiles()), bytes(user.mediaBytes()),
                    user.lastSync().map(at -> MINUTES.format(at.truncatedTo(ChronoUnit.MINUTES))).orElse("never"),
                    Integer.toString(user.devices())));
        }
        int[] widths = new int[HEADINGS.size()];
        rows.forEach(row -> {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        StringBuilder text = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                // The name and the date left-aligned, figures right-aligned.
                boolean left = i == 0 || i == 6;
                String cell = row.get(i);
                String pad = " ".repeat(widths[i] - cell.length());
                text.append(left ? cell + pad : pad + cell).append(i < row.size() - 1 ? "  " : "");
            }
            text.append(System.lineSeparator());
        }
        return text.toString().replaceAll(" +(\\R)", "$1");
    }

    static String totals(StorageTotals totals) {
        return String.format(Locale.ROOT, "%d users, %d collections (%s); media %d files (%s), stored once as %d (%s),"
                        + " deduplication saves %s (ratio %.2f)%n",
                totals.users(), totals.collections(), bytes(totals.collectionBytes()), totals.mediaFiles(),
                bytes(totals.mediaReferencedBytes()), totals.mediaBlobs(), bytes(totals.mediaStoredBytes()),
                bytes(totals.deduplicationSavedBytes()), totals.deduplicationRatio());
    }

    private static String count(OptionalLong count) {
        return count.isPresent() ? Long.toString(count.getAsLong()) : "-";
    }

    /** Binary units with one decimal: what {@code du -h} users expect. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
