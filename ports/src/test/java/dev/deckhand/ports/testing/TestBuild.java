package dev.deckhand.ports.testing;

import dev.deckhand.ports.out.BuildStamp;

/** The build that tests name as the writer of the databases they create. */
public final class TestBuild {

    public static final BuildStamp STAMP = new BuildStamp("test", "unknown");

    private TestBuild() {}
}
