package dev.deckhand.ports.movein;

import java.util.List;
import java.util.Objects;

/**
 * What a move did, or would do, user by user.
 *
 * @param applied false for a dry run
 */
public record MoveInReport(SourceKind kind, String source, boolean applied, List<UserReport> users) {

    public MoveInReport {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        users = List.copyOf(users);
    }

    /** Whether every user was (or would be) moved in, now or before. */
    public boolean complete() {
        return users.stream().allMatch(user -> user.outcome() instanceof UserOutcome.Ready
                || user.outcome() instanceof UserOutcome.MovedIn
                || user.outcome() instanceof UserOutcome.AlreadyMovedIn);
    }
}
