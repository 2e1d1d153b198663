package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.LoginOutcome;

/** The metric label of each sign-in outcome. */
final class SignInOutcomes {

    private SignInOutcomes() {}

    static String name(LoginOutcome outcome) {
        if (outcome instanceof LoginOutcome.LoggedIn) {
            return "ok";
        } else if (outcome instanceof LoginOutcome.LoginRefused) {
            return "refused";
        } else if (outcome instanceof LoginOutcome.LoginNeedsAction) {
            return "needs_action";
        } else if (outcome instanceof LoginOutcome.LoginUnavailable) {
            return "unavailable";
        }
        throw new AssertionError(outcome);
    }
}
