package dev.deckhand.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deckhand.ports.in.StorageTotals;
import dev.deckhand.ports.in.UserUsage;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * Usage as JSON, one shape for the admin API and {@code deckhand user usage --json}:
 * {@code {"users": [{"user", "collection_bytes", "notes", "cards", "media_files", "media_bytes",
 * "last_sync", "devices"}], "totals": {...}}}. Unknown counts and a never-synced date are null.
 */
public final class UsageJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UsageJson() {}

    /** The whole document, indented for people who read it in a terminal. */
    public static String document(List<UserUsage> users, StorageTotals totals) {
        return into(MAPPER.createObjectNode(), users, totals).toPrettyString();
    }

    /** Adds {@code users} and {@code totals} to {@code root}. */
    static ObjectNode into(ObjectNode root, List<UserUsage> users, StorageTotals totals) {
        ArrayNode list = root.putArray("users");
        users.forEach(user -> user(list.addObject(), user));
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
        return root;
    }

    private static void user(ObjectNode row, UserUsage user) {
        row.put("user", user.user().name());
        row.put("collection_bytes", user.collectionBytes());
        count(row, "notes", user.notes());
        count(row, "cards", user.cards());
        row.put("media_files", user.mediaFiles());
        row.put("media_bytes", user.mediaBytes());
        row.put("last_sync", user.lastSync().map(Instant::toString).orElse(null));
        row.put("devices", user.devices());
    }

    private static void count(ObjectNode row, String name, OptionalLong count) {
        if (count.isPresent()) {
            row.put(name, count.getAsLong());
        } else {
            row.putNull(name);
        }
    }
}
