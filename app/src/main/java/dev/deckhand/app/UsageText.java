package dev.deckhand.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.ports.in.StorageTotals;
import dev.deckhand.ports.in.UserUsage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** {@code user usage} as a table for people or as JSON for scripts (the same names as the admin API). */
final class UsageText {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final List<String> HEADINGS =
            List.of("USER", "COLLECTION", "NOTES", "CARDS", "MEDIA FILES", "MEDIA", "LAST SYNC", "DEVICES");

    private UsageText() {}

    static String json(List<UserUsage> users, StorageTotals totals) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("users");
        for (UserUsage user : users) {
            ObjectNode row = list.addObject();
            row.put("user", user.user().name());
            row.put("collection_bytes", user.collectionBytes());
            putCount(row, "notes", user.notes());
            putCount(row, "cards", user.cards());
            row.put("media_files", user.mediaFiles());
            row.put("media_bytes", user.mediaBytes());
            row.put("last_sync", user.lastSync().map(Instant::toString).orElse(null));
            row.put("devices", user.devices());
        }
        ObjectNode total = root.putObject("totals");
        total.put("users", totals.users());
        total.put("collections", totals.collections());
        total.put("collection_bytes", totals.collectionBytes());
        total.put("media_files", totals.mediaFiles());
        total.put("media_referenced_bytes", totals.mediaReferencedBytes());
        total.put("media_blobs", totals.mediaBlobs());
        total.put("media_stored_bytes", totals.mediaStoredBytes());
        total.put("deduplication_saved_bytes", totals.deduplicationSavedBytes());
        total.put("deduplication_ratio", totals.deduplicationRatio());
        return root.toPrettyString();
    }

    private static void putCount(ObjectNode row, String name, OptionalLong count) {
        if (count.isPresent()) {
            row.put(name, count.getAsLong());
        } else {
            row.putNull(name);
        }
    }

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
