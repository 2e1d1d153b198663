package dev.deckhand.adapter.plantedone;

import java.util.logging.Logger;

/** Planted violations of the general coding rules: JUL, standard streams, a generic exception. */
public final class AdapterWithBadHabits {
    public void julLog() {
        Logger.getLogger("x").info("through java.util.logging");
    }

    public void print() {
        System.out.println("on standard output");
    }

    public void fail() {
        throw new RuntimeException("generic");
    }
}
