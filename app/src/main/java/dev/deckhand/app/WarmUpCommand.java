package dev.deckhand.app;

import dev.deckhand.app.warmup.WarmUp;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Runs the start-up warm-up alone and exits: the training run from which {@code bin/deckhand}
 * records the class-data sharing archive, and a quick self-test of a build. Touches no data folder.
 */
@Command(name = "warm-up", hidden = true,
        description = "Run a synthetic sync against a throw-away server in a temp folder, then exit.")
final class WarmUpCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return WarmUp.run(ServeCommand.WARM_UP_BUDGET, Clock.systemUTC(), ServeCommand::scratchServer).completed() ? 0 : 1;
    }
}
