package dev.deckhand.app;

import dev.deckhand.ports.movein.AccountPlan;
import dev.deckhand.ports.movein.CollectionSummary;
import dev.deckhand.ports.movein.MediaSummary;
import dev.deckhand.ports.movein.MoveInReport;
import dev.deckhand.ports.movein.SourceKind;
import dev.deckhand.ports.movein.UserOutcome;
import dev.deckhand.ports.movein.UserReport;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** A move-in report as the operator reads it: one block per user, then a verdict. */
final class MoveInReportText {

    private MoveInReportText() {}

    static void write(MoveInReport report, PrintWriter out) {
        String server = report.kind() == SourceKind.OFFICIAL ? "official sync server" : "ankisyncd";
        out.println(server + " data in " + report.source() + (report.applied() ? "" : " (dry run: nothing is changed)"));
        Map<String, Integer> tally = new TreeMap<>();
        for (UserReport user : report.users()) {
            tally.merge(label(user.outcome()), 1, Integer::sum);
            out.println(user.name() + ": " + outcome(user.outcome()));
            user.collection().ifPresent(collection -> out.println("  collection: " + collection(collection)));
            user.media().ifPresent(media -> out.println("  media: " + media(media)));
            if (!(user.outcome() instanceof UserOutcome.Refused)) {
                out.println("  account: " + account(user.account(), user.name()));
                out.println("  host keys: " + user.hostKeys() + (user.hostKeys() > 0 ? " (devices stay signed in)" : ""));
            }
        }
        if (!tally.isEmpty()) {
            out.println(summary(tally));
        }
        out.println(verdict(report));
    }

    static String outcome(UserOutcome outcome) {
        if (outcome instanceof UserOutcome.Ready) {
            return "ready to move in";
        }
        if (outcome instanceof UserOutcome.MovedIn) {
            return "moved in";
        }
        if (outcome instanceof UserOutcome.AlreadyMovedIn already) {
            return "already moved in (" + Instant.ofEpochMilli(already.atMillis()) + "), left as it is";
        }
        if (outcome instanceof UserOutcome.Refused refused) {
            return "refused: " + refused.reason();
        }
        if (outcome instanceof UserOutcome.Held held) {
            return "held: " + held.reason();
        }
        throw new AssertionError(outcome);
    }

    /** The outcome in a word or two, for the tally. */
    private static String label(UserOutcome outcome) {
        String words = outcome(outcome);
        int end = words.indexOf(words.startsWith("already") ? " (" : ":");
        return end < 0 ? words : words.substring(0, end);
    }

    private static String collection(CollectionSummary c) {
        String upgraded = c.schemaBefore() == 18 ? "" : "; schema " + c.schemaBefore() + " upgraded to 18";
        return count(c.notes(), "note") + ", " + count(c.cards(), "card") + ", " + count(c.reviews(), "review")
                + "; usn " + c.usn() + ", modified " + Instant.ofEpochMilli(c.modMillis()) + upgraded;
    }

    private static String media(MediaSummary m) {
        return count(m.files(), "file") + ", " + count(m.bytes(), "byte") + ", " + count(m.deletions(), "deletion")
                + "; media usn " + m.usn();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String account(AccountPlan plan, String name) {
        return switch (plan) {
            case FROM_SETTINGS -> "from SYNC_USERn, same password";
            case FROM_ANKISYNCD -> "from auth.db, same password (its weak hash is replaced at the next sign-in)";
            case EXISTS -> "exists in Deckhand, left as it is";
            case NEEDS_PASSWORD -> "needs a password: deckhand user add " + name;
        };
    }

    private static String summary(Map<String, Integer> tally) {
        StringBuilder line = new StringBuilder();
        tally.forEach((outcome, count) -> line.append(line.length() == 0 ? "" : ", ").append(count).append(' ').append(outcome));
        return line.toString();
    }

    private static String verdict(MoveInReport report) {
        if (report.users().isEmpty()) {
            return "No users found: is this the old server's data folder, and is it 'official' (SYNC_BASE, one folder per"
                    + " user) or 'ankisyncd' (the folder holding collections/)?";
        }
        if (!report.complete()) {
            return "Not everything can move in: see the refused users above.";
        }
        boolean anythingToDo = report.users().stream().anyMatch(u -> u.outcome() instanceof UserOutcome.Ready);
        boolean movedNow = report.users().stream().anyMatch(u -> u.outcome() instanceof UserOutcome.MovedIn);
        if (!report.applied()) {
            return anythingToDo ? "Run again with --apply to move them in." : "Nothing to do: every user was moved in before.";
        }
        return movedNow
                ? "Done. The old server's files were left where they were; remove them once Deckhand serves everyone"
                        + " (docs/operations.md)."
                : "Nothing changed: every user was moved in before.";
    }
}
