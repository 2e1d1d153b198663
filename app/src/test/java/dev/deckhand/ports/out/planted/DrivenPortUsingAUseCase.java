package dev.deckhand.ports.out.planted;

import dev.deckhand.ports.in.HostKeyLogin;

/** Planted violation: a driven port that needs a driving one (as AccountStore once needed Credential from ports.in). */
public interface DrivenPortUsingAUseCase {
    HostKeyLogin login();
}
