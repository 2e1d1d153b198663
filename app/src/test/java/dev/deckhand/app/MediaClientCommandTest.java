package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deckhand.app.ApiClient.Reply;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code deckhand media upload|download} against a real server: summaries, exit codes, the password's ways in. */
class MediaClientCommandTest {

    private static SharedMediaServer infrastructure;
    private static ApiClient api;
    private static String server;
    private static Path work;
    private static String user;
    private static String deck;

    record Run(int status, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        infrastructure = SharedMediaServer.start();
        int port = infrastructure.deckhand(SharedMediaServer.limits(Duration.ofMinutes(10))).port();
        api = new ApiClient(port);
        server = "http://127.0.0.1:" + port;
        work = Files.createTempDirectory("deckhand-media-command");
        user = infrastructure.newUser();
        deck = "cli-deck";
        Reply created = api.json("POST", "/decks", api.login(user), Map.of("id", deck, "title", "CLI deck"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    /** Runs {@code deckhand <args>} with {@code stdin} as standard input. */
    private static Run deckhand(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new DeckhandCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return new Run(commandLine.execute(args), out.toString(), err.toString());
        } finally {
            System.setIn(original);
        }
    }

    private static List<String> args(String operation, boolean passwordOnStdin, Path folder, String... more) {
        List<String> args = new ArrayList<>(List.of("media", operation, "--server", server, "--user", user, "--deck", deck,
                "--parallel", "3"));
        if (passwordOnStdin) {
            args.add("--password-stdin");
        }
        args.addAll(List.of(more));
        args.add(folder.toString());
        return args;
    }

    @Test
    void uploadThenDownload_printOneLinePerCategory_andFailOnlyWhenSomethingWasRefused() throws Exception {
        Path folder = Files.createDirectory(work.resolve("upload"));
        for (int i = 0; i < 3; i++) {
            Files.write(folder.resolve("slide-" + i + ".jpg"), TestImages.jpeg(TestImages.photo(64, 48, 200 + i)));
        }
        Files.writeString(folder.resolve("evil.png"), "<html>not an image</html>");

        Run first = deckhand(RunningServer.PASSWORD + "\n", args("upload", true, folder).toArray(String[]::new));

        assertThat(first.status()).as(first.err()).isEqualTo(1);
        List<String> summary = first.out().lines().toList();
        assertThat(summary).hasSize(4);
        assertThat(summary.get(0)).isEqualTo("already present: 0");
        assertThat(summary.get(1)).matches("uploaded: +3 \\(\\d+ bytes stored\\)");
        assertThat(summary.subList(2, 4)).containsExactly("refused:         1", "failed:          0");
        assertThat(first.err()).contains("refused evil.png:").contains("not an image");

        Files.delete(folder.resolve("evil.png"));
        Run second = deckhand(RunningServer.PASSWORD + "\n", args("upload", true, folder).toArray(String[]::new));
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(second.out()).contains("already present: 3").contains("uploaded:        0");

        Path target = work.resolve("download");
        Run download = deckhand(RunningServer.PASSWORD + "\n", args("download", true, target).toArray(String[]::new));
        assertThat(download.status()).as(download.err()).isZero();
        assertThat(download.out()).contains("downloaded:      3").contains("already there:   0").contains("refused:         0");
        try (Stream<Path> files = Files.list(target)) {
            assertThat(files.map(path -> path.getFileName().toString()).sorted())
                    .containsExactly("slide-0.jpg", "slide-1.jpg", "slide-2.jpg");
        }

        Run again = deckhand(RunningServer.PASSWORD + "\n", args("download", true, target).toArray(String[]::new));
        assertThat(again.status()).isZero();
        assertThat(again.out()).contains("downloaded:      0").contains("already there:   3");
    }

    @Test
    void aWrongPasswordEndsWithTheServersAnswer() {
        Run run = deckhand("not-the-password\n", args("download", true, work.resolve("never")).toArray(String[]::new));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("HTTP 401").contains("wrong password");
        assertThat(Files.exists(work.resolve("never"))).isFalse();
    }

    @Test
    void thePasswordCannotBeGivenAsAnArgument() {
        Run run = deckhand("", args("upload", false, work, "--password", RunningServer.PASSWORD).toArray(String[]::new));

        assertThat(run.status()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("Unknown option").contains("--password");
    }

    @Test
    void anUnknownDeckIsReportedWithTheServersMessage() {
        List<String> args = args("download", true, work.resolve("none"));
        args.set(args.indexOf(deck), "no-such-deck");

        Run run = deckhand(RunningServer.PASSWORD + "\n", args.toArray(String[]::new));

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("HTTP 404").contains("no shared deck no-such-deck");
    }
}
