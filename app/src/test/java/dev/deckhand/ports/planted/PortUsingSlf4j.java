package dev.deckhand.ports.planted;

import org.slf4j.Logger;

/** Planted violation: a port that depends on a library. */
public interface PortUsingSlf4j {
    Logger log();
}
