package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deckhand.ports.in.NormalSync;
import dev.deckhand.ports.in.SanityOutcome;
import dev.deckhand.ports.model.Chunk;
import dev.deckhand.ports.model.Graves;
import dev.deckhand.ports.model.SanityCounts;
import dev.deckhand.ports.model.SessionKey;
import dev.deckhand.ports.model.UnchunkedChanges;
import dev.deckhand.ports.model.UserId;
import dev.deckhand.ports.testing.ParserContract;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The JSON bodies of a normal sync (start, graves, changes, chunks, sanity counts) read exactly as
 * {@link NormalSyncRoutes} reads them, behind a use case that accepts everything: every body is
 * either read or refused with a 400, never a 500. What was read also goes back out the way the
 * server would send it (server changes, a chunk), and that answer must be JSON that reads back as
 * the same value, so no hostile string can break the framing of a response.
 *
 * <p>Input: the first byte picks the method, the rest is the decoded body.
 */
class NormalSyncRoutesFuzzTest {

    private static final List<SyncMethod> METHODS = List.of(SyncMethod.START, SyncMethod.APPLY_GRAVES, SyncMethod.APPLY_CHANGES,
            SyncMethod.APPLY_CHUNK, SyncMethod.SANITY_CHECK, SyncMethod.CHUNK, SyncMethod.FINISH);
    private static final ParserContract CONTRACT = ParserContract.refusingOnlyWith(BadRequestException.class)
            .within(Duration.ofSeconds(5), 48L << 20);
    private static final UserId USER = new UserId("fuzz");
    private static final SessionKey SESSION = new SessionKey("fuzz-session");

    private final SyncJson json = new SyncJson();
    private final WireChanges changes = new WireChanges(json.mapper());

    @FuzzTest
    @DictionaryFile(resourcePath = "sync-json.dict")
    void body(byte[] input) throws Exception {
        if (input.length == 0) {
            return;
        }
        SyncMethod method = METHODS.get(Byte.toUnsignedInt(input[0]) % METHODS.size());
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        AcceptingSync sync = new AcceptingSync();
        NormalSyncRoutes routes = new NormalSyncRoutes(sync, json);

        Optional<byte[]> answer = CONTRACT.check(() -> routes.handle(method, USER, SESSION, body));
        if (answer.isEmpty()) {
            assertThat(sync.abandoned).as("a refused %s ends the session", method).isEqualTo(method != SyncMethod.START);
            return;
        }
        new ObjectMapper().readTree(answer.get());
        if (method == SyncMethod.APPLY_CHANGES) {
            UnchunkedChanges echoed = changes.parse(json.parseObject(("{\"changes\":" + text(answer.get()) + "}")
                    .getBytes(StandardCharsets.UTF_8)).get("changes"));
            assertThat(echoed).isEqualTo(sync.changes);
        }
        if (method == SyncMethod.APPLY_CHUNK) {
            byte[] sent = routes.handle(SyncMethod.CHUNK, USER, SESSION, "{}".getBytes(StandardCharsets.US_ASCII));
            var chunk = json.parseObject(sent);
            assertThat(new Chunk(chunk.get("done").booleanValue(), WireRows.revlog(chunk.get("revlog")), WireRows.cards(chunk.get("cards")),
                    WireRows.notes(chunk.get("notes")))).isEqualTo(sync.chunk);
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A use case that takes whatever the route read and hands it back where the protocol allows. */
    private static final class AcceptingSync implements NormalSync {
        UnchunkedChanges changes;
        Chunk chunk = new Chunk(true, List.of(), List.of(), List.of());
        boolean abandoned;

        @Override
        public Graves start(UserId user, SessionKey session, int clientUsn, boolean clientIsNewer, Optional<Graves> legacyGraves) {
            return legacyGraves.orElse(Graves.none());
        }

        @Override
        public void applyGraves(UserId user, SessionKey session, Graves graves) {
        }

        @Override
        public UnchunkedChanges applyChanges(UserId user, SessionKey session, UnchunkedChanges clientChanges) {
            changes = clientChanges;
            return clientChanges;
        }

        @Override
        public Chunk chunk(UserId user, SessionKey session) {
            return chunk;
        }

        @Override
        public void applyChunk(UserId user, SessionKey session, Chunk clientChunk) {
            chunk = clientChunk;
        }

        @Override
        public SanityOutcome sanityCheck(UserId user, SessionKey session, SanityCounts client) {
            return new SanityOutcome(true, client, Optional.of(client));
        }

        @Override
        public long finish(UserId user, SessionKey session) {
            return 1;
        }

        @Override
        public void abandon(UserId user, SessionKey session, String reason) {
            abandoned = true;
        }
    }
}
