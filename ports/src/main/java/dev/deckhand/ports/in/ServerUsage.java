package dev.deckhand.ports.in;

import dev.deckhand.ports.model.UserId;
import java.util.List;
import java.util.Optional;

/**
 * What the server holds, per user and in total: for the {@code user usage} command, the
 * administrators' dashboard and storage metrics. Reads only; never takes a sync lock and never
 * makes a sync wait. A collection in the middle of a sync is reported as last committed.
 */
public interface ServerUsage {

    /** Every user the server knows (built-in accounts, and anyone with devices, media or a move-in), by name. */
    List<UserUsage> users();

    /** One user's figures; empty if the server knows nothing of that name. */
    Optional<UserUsage> user(UserId user);

    /** Storage in total, computed without looking at each user's collection. */
    StorageTotals totals();
}
