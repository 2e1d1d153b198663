package dev.deckhand.app;

import dev.deckhand.client.DeckhandApiException;
import dev.deckhand.client.DeckhandMediaClient;
import dev.deckhand.client.DownloadReport;
import dev.deckhand.client.FailedFile;
import dev.deckhand.client.RefusedFile;
import dev.deckhand.client.StoredFile;
import dev.deckhand.client.UploadReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code media upload|download}: a folder to a shared deck and back, through a server's public API
 * like any other client. The password never appears on the command line (where {@code ps} and shell
 * history would show it): it comes from standard input or {@value #PASSWORD_VARIABLE}.
 */
@Command(name = "media", description = "Upload a folder to a shared deck, or download a shared deck to a folder.",
        subcommands = {MediaCommand.Upload.class, MediaCommand.Download.class})
final class MediaCommand {

    static final String PASSWORD_VARIABLE = "DECKHAND_PASSWORD";

    /** What both subcommands need to reach a deck. */
    static final class Connection {
        @Option(names = "--server", required = true, description = "the server's URL, such as https://deckhand.example.org")
        URI server;
        @Option(names = "--user", required = true, description = "user name to sign in with") String user;
        @Option(names = "--deck", required = true, description = "shared deck id") String deck;
        @Option(names = "--parallel", defaultValue = "4", description = "transfers at once, 1 to 64 (default: ${DEFAULT-VALUE})")
        int parallel;
        @Option(names = "--password-stdin", description = "read the password from standard input (else from "
                + PASSWORD_VARIABLE + ")")
        boolean passwordStdin;

        DeckhandMediaClient signIn() throws IOException {
            return new DeckhandMediaClient(server, DeckhandMediaClient.login(server, user, password()));
        }

        private String password() throws IOException {
            if (passwordStdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null || line.isEmpty()) {
                    throw new IllegalArgumentException("no password on standard input");
                }
                return line;
            }
            String password = System.getenv(PASSWORD_VARIABLE);
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("no password: pass --password-stdin or set " + PASSWORD_VARIABLE);
            }
            return password;
        }
    }

    @Command(name = "upload", description = "Upload the files directly in FOLDER to the deck; files it has already are skipped.")
    static final class Upload implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Connection connection;
        @Parameters(index = "0", paramLabel = "FOLDER", description = "folder of media files") Path folder;

        @Override
        public Integer call() {
            return run(spec, connection, client -> {
                UploadReport report = client.upload(connection.deck, folder, connection.parallel);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("already present: %d%n", report.present().size());
                out.printf("uploaded:        %d (%d bytes stored)%n", report.stored().size(),
                        report.stored().stream().mapToLong(StoredFile::size).sum());
                printProblems(spec, report.refused(), report.failed());
                return report.complete() ? 0 : 1;
            });
        }
    }

    @Command(name = "download", description = "Download the deck's files into FOLDER; files already there intact are skipped.")
    static final class Download implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Connection connection;
        @Parameters(index = "0", paramLabel = "FOLDER", description = "folder to download into (created if missing)") Path folder;

        @Override
        public Integer call() {
            return run(spec, connection, client -> {
                DownloadReport report = client.download(connection.deck, folder, connection.parallel);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("downloaded:      %d (%d bytes)%n", report.downloaded().size(), report.bytesDownloaded());
                out.printf("already there:   %d%n", report.skipped().size());
                printProblems(spec, report.refused(), report.failed());
                return report.complete() ? 0 : 1;
            });
        }
    }

    /** Runs one operation; a refused call or an unreachable server ends it with a message and status 1. */
    private static int run(CommandSpec spec, Connection connection, Function<DeckhandMediaClient, Integer> operation) {
        try {
            int status = operation.apply(connection.signIn());
            spec.commandLine().getOut().flush();
            return status;
        } catch (DeckhandApiException | UncheckedIOException e) {
            spec.commandLine().getErr().println("deckhand: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println("deckhand: cannot reach " + connection.server + ": " + e);
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    /** One summary line each on standard output; every refused or failed file, with its reason, on standard error. */
    private static void printProblems(CommandSpec spec, List<RefusedFile> refused, List<FailedFile> failed) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.printf("refused:         %d%n", refused.size());
        out.printf("failed:          %d%n", failed.size());
        refused.forEach(file -> err.printf("refused %s: %s%n", file.name(), file.reason()));
        failed.forEach(file -> err.printf("failed %s: %s%n", file.name(), file.error()));
        err.flush();
    }
}
