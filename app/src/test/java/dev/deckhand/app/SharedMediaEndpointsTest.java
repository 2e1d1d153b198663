package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.app.ApiClient.Reply;
import dev.deckhand.media.shared.SharedMediaLimits;
import dev.deckhand.ports.in.decks.HousekeepingReport;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The shared-deck media API end to end: a real Deckhand over HTTP, PostgreSQL 18, S3Proxy checking
 * signatures, and the real image adapter. Clients do what an add-on would: announce, PUT to the
 * pre-signed URL, confirm, reference from suggestions, list and download.
 */
class SharedMediaEndpointsTest {

    private static final AtomicInteger DECKS = new AtomicInteger();
    private static SharedMediaServer infrastructure;
    private static ApiClient api;

    @BeforeAll
    static void start() throws Exception {
        infrastructure = SharedMediaServer.start();
        api = new ApiClient(infrastructure.deckhand(SharedMediaServer.limits(Duration.ofMinutes(10))).port());
    }

    @AfterAll
    static void stop() throws Exception {
        infrastructure.close();
    }

    /** A deck whose maintainer is a new user; returns {deck id, maintainer token}. */
    private static String[] newDeck() {
        String maintainer = infrastructure.newUser();
        String token = api.login(maintainer);
        String deck = "deck-" + DECKS.incrementAndGet();
        Reply created = api.json("POST", "/decks", token, Map.of("id", deck, "title", "Deck " + deck));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new String[] {deck, token};
    }

    /** A new user with a role in the deck; returns their token. */
    private static String member(String deck, String maintainerToken, String role) {
        String user = infrastructure.newUser();
        Reply set = api.json("PUT", "/decks/" + deck + "/members/" + user, maintainerToken, Map.of("role", role));
        assertThat(set.status()).as(set.text()).isEqualTo(204);
        return api.login(user);
    }

    private static Map<String, Object> announced(String name, byte[] bytes) {
        return Map.of("name", name, "sha256", TestImages.sha256(bytes), "size", bytes.length);
    }

    private static JsonNode check(String deck, String token, List<Map<String, Object>> files) {
        Reply reply = api.json("POST", "/decks/" + deck + "/media/check", token, Map.of("files", files));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.json();
    }

    private static JsonNode confirm(String deck, String token, List<String> tickets) {
        Reply reply = api.json("POST", "/decks/" + deck + "/media/confirm", token, Map.of("tickets", tickets));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.json();
    }

    /** Announces, uploads and confirms one file; returns the confirm answer. */
    private static JsonNode upload(String deck, String token, String name, byte[] bytes) {
        JsonNode checked = check(deck, token, List.of(announced(name, bytes)));
        assertThat(checked.get("uploads")).as(checked.toString()).hasSize(1);
        JsonNode offer = checked.get("uploads").get(0);
        Reply put = api.presigned(offer.get("upload"), bytes);
        assertThat(put.status()).as(put.text()).isEqualTo(200);
        return confirm(deck, token, List.of(offer.get("ticket").asText()));
    }

    /** Uploads a file unless the deck could map it to bytes stored already (another client may have raced ahead). */
    private static void uploadUnlessStored(String deck, String token, String name, byte[] bytes) {
        JsonNode checked = check(deck, token, List.of(announced(name, bytes)));
        if (checked.get("present").size() == 1) {
            return;
        }
        JsonNode offer = checked.get("uploads").get(0);
        assertThat(api.presigned(offer.get("upload"), bytes).status()).isEqualTo(200);
        JsonNode confirmed = confirm(deck, token, List.of(offer.get("ticket").asText()));
        assertThat(confirmed.get("stored")).as(confirmed.toString()).hasSize(1);
    }

    private static Map<String, JsonNode> files(String deck, String token) {
        Reply reply = api.send("GET", "/decks/" + deck + "/media?limit=1000", token, (String) null);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        Map<String, JsonNode> byName = new HashMap<>();
        reply.json().get("files").forEach(file -> byName.put(file.get("name").asText(), file));
        return byName;
    }

    private static void reference(String deck, String token, String holder, List<String> names) {
        Reply reply = api.json("PUT", "/decks/" + deck + "/" + holder + "/media", token, Map.of("names", names));
        assertThat(reply.status()).as(reply.text()).isEqualTo(204);
    }

    private static boolean objectExists(String key) {
        try {
            infrastructure.s3().headObject(b -> b.bucket(SharedMediaServer.BUCKET).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static String storedKey(String sha256) {
        return "media/" + sha256.substring(0, 2) + "/" + sha256;
    }

    @Test
    void aPngPhotoAndAJpegAreStoredAsSmallerWebpOfTheSameSize() {
        String[] deck = newDeck();
        BufferedImage photo = TestImages.photo(480, 320, 1);
        byte[] png = TestImages.png(photo);
        byte[] jpeg = TestImages.jpeg(TestImages.photo(480, 320, 2));

        for (Map.Entry<String, byte[]> input : Map.of("heart.png", png, "lung.jpg", jpeg).entrySet()) {
            JsonNode confirmed = upload(deck[0], deck[1], input.getKey(), input.getValue());
            assertThat(confirmed.get("refused")).as(confirmed.toString()).isEmpty();
            JsonNode stored = confirmed.get("stored").get(0);
            assertThat(stored.get("name").asText()).isEqualTo(input.getKey());
            assertThat(stored.get("contentType").asText()).isEqualTo("image/webp");
            assertThat(stored.get("size").asLong()).isLessThan(input.getValue().length);

            JsonNode listed = files(deck[0], deck[1]).get(input.getKey());
            Reply download = api.presigned(listed.get("download"), null);
            assertThat(download.status()).isEqualTo(200);
            assertThat(new String(download.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
            assertThat(TestImages.sha256(download.body())).isEqualTo(stored.get("sha256").asText());
            BufferedImage decoded = TestImages.decode(download.body());
            assertThat(decoded.getWidth()).isEqualTo(480);
            assertThat(decoded.getHeight()).isEqualTo(320);
        }
    }

    @Test
    void theSameImageInTwoDecksIsStoredOnceAndGoesWithItsLastReference() {
        String[] biology = newDeck();
        String[] medicine = newDeck();
        String bob = infrastructure.newUser();
        for (String[] deck : List.of(biology, medicine)) {
            api.json("PUT", "/decks/" + deck[0] + "/members/" + bob, deck[1], Map.of("role", "contributor"));
        }
        String token = api.login(bob);
        byte[] heart = TestImages.png(TestImages.photo(300, 200, 3));

        String sha = upload(biology[0], token, "heart.png", heart).get("stored").get(0).get("sha256").asText();
        JsonNode second = check(medicine[0], token, List.of(announced("cardio.png", heart)));
        assertThat(second.get("present")).extracting(JsonNode::asText).containsExactly("cardio.png");
        assertThat(second.get("uploads")).as("already stored: nothing to upload").isEmpty();

        reference(biology[0], token, "suggestions/1", List.of("heart.png"));
        reference(medicine[0], token, "suggestions/2", List.of("cardio.png"));
        assertThat(files(biology[0], token).get("heart.png").get("references").asInt()).isEqualTo(2);
        assertThat(files(medicine[0], token).get("cardio.png").get("sha256").asText()).isEqualTo(sha);
        List<String> stored = new ArrayList<>();
        infrastructure.s3().listObjectsV2Paginator(b -> b.bucket(SharedMediaServer.BUCKET).prefix("media/")).contents()
                .forEach(object -> {
                    if (object.key().endsWith(sha)) {
                        stored.add(object.key());
                    }
                });
        assertThat(stored).as("one object for both decks").containsExactly(storedKey(sha));

        // The medicine maintainer declines one suggestion: the file stays for the other.
        assertThat(api.send("DELETE", "/decks/" + medicine[0] + "/suggestions/2", medicine[1], (String) null).status()).isEqualTo(204);
        assertThat(files(biology[0], token).get("heart.png").get("references").asInt()).isEqualTo(1);
        assertThat(objectExists(storedKey(sha))).isTrue();

        // The last reference goes: the file leaves the catalog, both decks and S3.
        assertThat(api.send("DELETE", "/decks/" + biology[0] + "/suggestions/1", biology[1], (String) null).status()).isEqualTo(204);
        assertThat(objectExists(storedKey(sha))).isFalse();
        assertThat(files(biology[0], token)).isEmpty();
        assertThat(files(medicine[0], token)).isEmpty();
    }

    @Test
    void approvalMovesASuggestionsReferencesToTheNote() {
        String[] deck = newDeck();
        String contributor = member(deck[0], deck[1], "contributor");
        upload(deck[0], contributor, "cell.png", TestImages.png(TestImages.photo(200, 100, 4)));
        reference(deck[0], contributor, "suggestions/9", List.of("cell.png"));

        Reply approved = api.json("POST", "/decks/" + deck[0] + "/suggestions/9/approve", deck[1], Map.of("noteId", 1700000000123L));

        assertThat(approved.status()).as(approved.text()).isEqualTo(204);
        assertThat(files(deck[0], deck[1]).get("cell.png").get("references").asInt()).isEqualTo(1);
        // Declining the (now empty) suggestion changes nothing: the note holds the reference.
        api.send("DELETE", "/decks/" + deck[0] + "/suggestions/9", deck[1], (String) null);
        assertThat(files(deck[0], deck[1]).get("cell.png").get("references").asInt()).isEqualTo(1);
    }

    @Test
    void aMaintainerRemovesAFileAndItsObject() {
        String[] deck = newDeck();
        byte[] bytes = TestImages.jpeg(TestImages.photo(160, 120, 5));
        String sha = upload(deck[0], deck[1], "old.jpg", bytes).get("stored").get(0).get("sha256").asText();
        reference(deck[0], deck[1], "notes/5", List.of("old.jpg"));

        assertThat(api.send("DELETE", "/decks/" + deck[0] + "/files/old.jpg", deck[1], (String) null).status()).isEqualTo(204);

        assertThat(files(deck[0], deck[1])).isEmpty();
        assertThat(objectExists(storedKey(sha))).isFalse();
        assertThat(api.send("DELETE", "/decks/" + deck[0] + "/files/old.jpg", deck[1], (String) null).status()).isEqualTo(404);
    }

    @Test
    void bytesThatDoNotMatchTheAnnouncedHashAreRefusedByS3AndByTheServer() {
        String[] deck = newDeck();
        byte[] real = TestImages.png(TestImages.photo(64, 64, 6));
        byte[] forged = real.clone();
        forged[forged.length / 2] ^= 1;
        JsonNode offer = check(deck[0], deck[1], List.of(announced("real.png", real))).get("uploads").get(0);

        // S3 checks the signed SHA-256 itself.
        assertThat(api.presigned(offer.get("upload"), forged).status()).isEqualTo(400);
        // And were the forged bytes placed some other way, the server's own re-hash refuses them.
        infrastructure.s3().putObject(b -> b.bucket(SharedMediaServer.BUCKET).key("incoming/" + offer.get("ticket").asText()),
                RequestBody.fromBytes(forged));
        JsonNode confirmed = confirm(deck[0], deck[1], List.of(offer.get("ticket").asText()));

        assertThat(confirmed.get("stored")).isEmpty();
        assertThat(confirmed.get("refused").get(0).get("reason").asText()).contains("announced SHA-256");
        assertThat(files(deck[0], deck[1])).isEmpty();
        assertThat(objectExists("incoming/" + offer.get("ticket").asText())).as("the refused upload is cleared").isFalse();
    }

    @Test
    void aNonImageWithAnImageNameIsRefusedAndNothingIsStored() {
        String[] deck = newDeck();
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);

        JsonNode confirmed = upload(deck[0], deck[1], "innocent.png", html);

        assertThat(confirmed.get("stored")).isEmpty();
        assertThat(confirmed.get("refused").get(0).get("reason").asText()).contains("not an image");
        assertThat(files(deck[0], deck[1])).isEmpty();
        assertThat(objectExists(storedKey(TestImages.sha256(html)))).isFalse();
    }

    @Test
    void aThirtyThousandPixelSquarePngIsRefusedBeforeAnyPixelIsDecoded() {
        String[] deck = newDeck();
        byte[] bomb = TestImages.pngHeaderOnly(30_000, 30_000);

        JsonNode confirmed = upload(deck[0], deck[1], "bomb.png", bomb);

        assertThat(confirmed.get("refused").get(0).get("reason").asText()).contains("30000 x 30000 pixels");
        assertThat(files(deck[0], deck[1])).isEmpty();
    }

    @Test
    void anOversizedFileIsRefusedAtCheckWithoutAnOffer() {
        String[] deck = newDeck();
        Map<String, Object> huge = Map.of("name", "huge.png", "sha256", "ab".repeat(32), "size", 50L << 20);

        JsonNode checked = check(deck[0], deck[1], List.of(huge));

        assertThat(checked.get("uploads")).isEmpty();
        assertThat(checked.get("refused").get(0).get("reason").asText()).contains("larger than the limit");
    }

    @Test
    void anotherUsersTicketAndAnUnknownTicketAreRefused() {
        String[] deck = newDeck();
        String carol = member(deck[0], deck[1], "contributor");
        byte[] bytes = TestImages.png(TestImages.photo(32, 32, 7));
        JsonNode offer = check(deck[0], deck[1], List.of(announced("mine.png", bytes))).get("uploads").get(0);
        assertThat(api.presigned(offer.get("upload"), bytes).status()).isEqualTo(200);

        JsonNode stolen = confirm(deck[0], carol, List.of(offer.get("ticket").asText(), "00000000-0000-4000-8000-000000000000"));

        assertThat(stolen.get("stored")).isEmpty();
        assertThat(stolen.get("refused")).extracting(r -> r.get("reason").asText())
                .containsExactly("this ticket was issued to another user or deck", "unknown ticket, or used already");
        // The owner can still confirm it.
        assertThat(confirm(deck[0], deck[1], List.of(offer.get("ticket").asText())).get("stored")).hasSize(1);
    }

    @Test
    void aFileThatWasNeverAnnouncedCannotBeWrittenToTheBucket() {
        JsonNode unsigned = ApiClient.JSON.createObjectNode()
                .put("method", "PUT")
                .put("url", infrastructure.s3Endpoint() + "/" + SharedMediaServer.BUCKET + "/media/aa/" + "a".repeat(64))
                .set("headers", ApiClient.JSON.createObjectNode());
        Reply anonymous = api.presigned(unsigned, new byte[] {1, 2, 3});

        assertThat(anonymous.status()).isEqualTo(403);
        assertThat(objectExists("media/aa/" + "a".repeat(64))).isFalse();
    }

    @Test
    void anExpiredUploadUrlAndTicketAreRefused() throws Exception {
        ApiClient quick = new ApiClient(infrastructure.deckhand(SharedMediaServer.limits(Duration.ofSeconds(1))).port());
        String maintainer = infrastructure.newUser();
        String token = quick.login(maintainer);
        String deck = "deck-" + DECKS.incrementAndGet();
        assertThat(quick.json("POST", "/decks", token, Map.of("id", deck, "title", "quick")).status()).isEqualTo(201);
        byte[] bytes = TestImages.png(TestImages.photo(32, 32, 8));
        Reply checked = quick.json("POST", "/decks/" + deck + "/media/check", token, Map.of("files", List.of(announced("late.png", bytes))));
        JsonNode offer = checked.json().get("uploads").get(0);

        Thread.sleep(2_500);

        assertThat(quick.presigned(offer.get("upload"), bytes).status()).as("S3 refuses the expired URL").isEqualTo(403);
        Reply confirmed = quick.json("POST", "/decks/" + deck + "/media/confirm", token,
                Map.of("tickets", List.of(offer.get("ticket").asText())));
        assertThat(confirmed.json().get("refused").get(0).get("reason").asText()).contains("expired");

        // Housekeeping removes the ticket that was never confirmed.
        assertThat(Deckhand.sharedMediaHousekeepingNow(serverConfigForHousekeeping(), Duration.ZERO).expiredTickets()).isPositive();
        Reply again = quick.json("POST", "/decks/" + deck + "/media/confirm", token,
                Map.of("tickets", List.of(offer.get("ticket").asText())));
        assertThat(again.json().get("refused").get(0).get("reason").asText()).contains("unknown ticket");
    }

    @Test
    void aDecksQuotaLimitsWhatMayBeUploaded() {
        String maintainer = infrastructure.newUser();
        String token = api.login(maintainer);
        String deck = "deck-" + DECKS.incrementAndGet();
        assertThat(api.json("POST", "/decks", token, Map.of("id", deck, "title", "small", "quotaBytes", 3000)).status())
                .isEqualTo(201);

        JsonNode checked = check(deck, token, List.of(
                Map.of("name", "a.png", "sha256", "a1".repeat(32), "size", 2000),
                Map.of("name", "b.png", "sha256", "b2".repeat(32), "size", 2000)));

        assertThat(checked.get("uploads")).extracting(u -> u.get("name").asText()).containsExactly("a.png");
        assertThat(checked.get("refused").get(0).get("reason").asText()).contains("quota");
    }

    @Test
    void aFloodOfRequestsFromOneUserOrAddressGets429WithRetryAfter() throws Exception {
        ApiClient strict = new ApiClient(infrastructure.deckhand(SharedMediaServer.limits(Duration.ofMinutes(10)),
                new dev.deckhand.adapter.http.ApiRateLimits(2, 20, 1_000, 100_000)).port());
        String token = strict.login(infrastructure.newUser());
        String deck = "deck-" + DECKS.incrementAndGet();
        assertThat(strict.json("POST", "/decks", token, Map.of("id", deck, "title", "flood")).status()).isEqualTo(201);
        Reply limited = null;
        for (int i = 0; i < 100 && limited == null; i++) {
            Reply reply = strict.send("GET", "/decks/" + deck + "/role", token, (String) null);
            if (reply.status() == 429) {
                limited = reply;
            } else {
                assertThat(reply.status()).isEqualTo(200);
            }
        }
        assertThat(limited).as("the per-user burst is 20 requests").isNotNull();
        assertThat(limited.text()).contains("too many requests for this user");
        assertThat(limited.response().headers().firstValue("Retry-After")).isPresent();
        assertThat(strict.send("GET", "/decks/" + deck + "/role", strict.login(infrastructure.newUser()), (String) null).status())
                .as("another user is not held back").isEqualTo(200);

        ApiClient byAddress = new ApiClient(infrastructure.deckhand(SharedMediaServer.limits(Duration.ofMinutes(10)),
                new dev.deckhand.adapter.http.ApiRateLimits(1_000, 100_000, 2, 10)).port());
        Reply refused = null;
        for (int i = 0; i < 100 && refused == null; i++) {
            Reply reply = byAddress.send("POST", "/login", null, "{\"username\":\"nobody\",\"password\":\"x\"}");
            if (reply.status() == 429) {
                refused = reply;
            }
        }
        assertThat(refused).as("the per-address burst is 10 requests, signed in or not").isNotNull();
        assertThat(refused.text()).contains("from this address");
    }

    @Test
    void concurrentUploadsAndReferenceChangesLeaveEveryCountRight() throws Exception {
        String[] deck = newDeck();
        List<String> contributors = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            contributors.add(member(deck[0], deck[1], "contributor"));
        }
        // Two images every worker uploads too, so they race to store and map the same bytes.
        byte[] shared1 = TestImages.jpeg(TestImages.photo(50, 40, 500));
        byte[] shared2 = TestImages.png(TestImages.photo(50, 40, 501));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> work = new ArrayList<>();
        for (int w = 0; w < contributors.size(); w++) {
            int worker = w;
            String token = contributors.get(w);
            work.add(pool.submit(() -> {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String name = "w" + worker + "-" + i + ".jpg";
                    upload(deck[0], token, name, TestImages.jpeg(TestImages.photo(40, 30, worker * 10L + i)));
                    names.add(name);
                }
                uploadUnlessStored(deck[0], token, "shared-a-" + worker + ".jpg", shared1);
                uploadUnlessStored(deck[0], token, "shared-b-" + worker + ".png", shared2);
                names.add("shared-a-" + worker + ".jpg");
                names.add("shared-b-" + worker + ".png");
                for (int round = 0; round < 5; round++) {
                    reference(deck[0], token, "suggestions/" + (worker * 100 + round), names.subList(0, 1 + round % names.size()));
                }
                return null;
            }));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        for (java.util.concurrent.Future<?> f : work) {
            f.get();
        }

        assertThat(Deckhand.sharedMediaHousekeepingNow(serverConfigForHousekeeping(), Duration.ZERO).repairedCounts())
                .as("counts were right without repair").isZero();
        assertThat(files(deck[0], deck[1]).get("shared-a-0.jpg").get("sha256").asText())
                .isEqualTo(files(deck[0], deck[1]).get("shared-a-3.jpg").get("sha256").asText());
    }

    @Test
    void rolesDecideWhoMayDoWhat() {
        String[] deck = newDeck();
        String subscriber = member(deck[0], deck[1], "subscriber");
        String stranger = api.login(infrastructure.newUser());
        List<Map<String, Object>> one = List.of(announced("x.png", new byte[] {1}));

        assertThat(api.json("POST", "/decks/" + deck[0] + "/media/check", subscriber, Map.of("files", one)).status()).isEqualTo(403);
        assertThat(api.json("POST", "/decks/" + deck[0] + "/media/check", stranger, Map.of("files", one)).status()).isEqualTo(403);
        assertThat(api.send("GET", "/decks/" + deck[0] + "/media", stranger, (String) null).status()).isEqualTo(403);
        assertThat(api.send("GET", "/decks/" + deck[0] + "/media", subscriber, (String) null).status()).isEqualTo(200);
        assertThat(api.json("PUT", "/decks/" + deck[0] + "/notes/1/media", subscriber, Map.of("names", List.of())).status()).isEqualTo(403);
        assertThat(api.json("PUT", "/decks/" + deck[0] + "/members/someone", subscriber, Map.of("role", "maintainer")).status())
                .isEqualTo(403);
        assertThat(api.send("GET", "/decks/no-such-deck/media", subscriber, (String) null).status()).isEqualTo(404);
        String contributor = member(deck[0], deck[1], "contributor");
        assertThat(api.json("PUT", "/decks/" + deck[0] + "/suggestions/4/media", contributor, Map.of("names", List.of("a.png")))
                .status()).isEqualTo(204);
        assertThat(api.send("DELETE", "/decks/" + deck[0] + "/suggestions/4", contributor, (String) null).status())
                .as("declining is the maintainers' call").isEqualTo(403);
        assertThat(api.json("POST", "/decks/" + deck[0] + "/suggestions/4/approve", contributor, Map.of("noteId", 1)).status())
                .isEqualTo(403);
    }

    @Test
    void creatingADeckAnswersWithItsLocation_whichServesTheDeckToItsMembers() {
        String maintainer = infrastructure.newUser();
        String token = api.login(maintainer);
        String deck = "deck-" + DECKS.incrementAndGet();

        Reply created = api.json("POST", "/decks", token, Map.of("id", deck, "title", "Anatomy", "quotaBytes", 5000));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.response().headers().firstValue("Location")).contains("/api/v1/decks/" + deck);
        assertThat(created.json()).isEqualTo(ApiClient.JSON.createObjectNode().put("id", deck).put("title", "Anatomy")
                .put("quotaBytes", 5000).put("role", "maintainer"));
        Reply fetched = api.send("GET", "/decks/" + deck, token, (String) null);
        assertThat(fetched.status()).as(fetched.text()).isEqualTo(200);
        assertThat(fetched.json()).isEqualTo(created.json());
        String stranger = api.login(infrastructure.newUser());
        assertThat(api.send("GET", "/decks/" + deck, stranger, (String) null).status()).isEqualTo(403);
        assertThat(api.send("GET", "/decks/no-such-deck", stranger, (String) null).status()).isEqualTo(404);
    }

    @Test
    void theDeckListHoldsTheCallersDecksWithTheirRoles_andNeverAnotherUsersDeck() {
        String[] biology = newDeck();
        String[] chemistry = newDeck();
        String[] unrelated = newDeck();
        String bob = infrastructure.newUser();
        api.json("PUT", "/decks/" + biology[0] + "/members/" + bob, biology[1], Map.of("role", "subscriber"));
        api.json("PUT", "/decks/" + chemistry[0] + "/members/" + bob, chemistry[1], Map.of("role", "contributor"));
        String bobsToken = api.login(bob);

        Reply listed = api.send("GET", "/decks", bobsToken, (String) null);

        assertThat(listed.status()).as(listed.text()).isEqualTo(200);
        Map<String, String> roles = new HashMap<>();
        listed.json().get("decks").forEach(deck -> roles.put(deck.get("id").asText(), deck.get("role").asText()));
        assertThat(roles).isEqualTo(Map.of(biology[0], "subscriber", chemistry[0], "contributor"));
        assertThat(listed.json().get("decks").get(0).get("title").asText()).startsWith("Deck ");
        Reply maintainers = api.send("GET", "/decks", unrelated[1], (String) null);
        assertThat(maintainers.json().get("decks")).extracting(deck -> deck.get("id").asText() + "=" + deck.get("role").asText())
                .containsExactly(unrelated[0] + "=maintainer");
        Reply stranger = api.send("GET", "/decks", api.login(infrastructure.newUser()), (String) null);
        assertThat(stranger.json().get("decks")).isEmpty();
        assertThat(api.send("GET", "/decks", null, (String) null).status()).isEqualTo(401);
    }

    @Test
    void refusalsAreProblemDetails_andA401SaysHowToAuthenticate() {
        String[] deck = newDeck();
        String path = "/decks/" + deck[0] + "/media";

        Reply none = api.send("GET", path, null, (String) null);
        Reply forged = api.send("GET", path, "forged-token", (String) null);
        Reply wrongPassword = api.json("POST", "/login", null, Map.of("username", infrastructure.newUser(), "password", "wrong"));
        Reply stranger = api.send("GET", path, api.login(infrastructure.newUser()), (String) null);

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.response().headers().allValues("WWW-Authenticate")).containsExactly("Bearer");
        assertThat(forged.status()).isEqualTo(401);
        assertThat(forged.response().headers().allValues("WWW-Authenticate")).containsExactly("Bearer error=\"invalid_token\"");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("detail").asText()).isEqualTo("unknown user or wrong password");
        assertThat(stranger.status()).isEqualTo(403);
        for (Reply reply : List.of(none, forged, wrongPassword, stranger)) {
            assertThat(reply.response().headers().firstValue("Content-Type")).contains("application/problem+json");
            JsonNode problem = reply.json();
            assertThat(problem.fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "requestId");
            assertThat(problem.get("type").asText()).startsWith("tag:deckhand,2026:problem:");
            assertThat(problem.get("status").asInt()).isEqualTo(reply.status());
            assertThat(problem.get("requestId").asText()).isEqualTo(reply.response().headers().firstValue("x-request-id").orElseThrow());
        }
        assertThat(stranger.json().get("type").asText()).isEqualTo("tag:deckhand,2026:problem:forbidden");
        assertThat(stranger.json().get("detail").asText()).isEqualTo("you are not a member of " + deck[0]);
        assertThat(stranger.json().get("instance").asText()).isEqualTo("/api/v1" + path);
        assertThat(forged.json().get("type").asText()).isEqualTo("tag:deckhand,2026:problem:invalid-token");
    }

    @Test
    void malformedHostileAndOversizedRequestsGetClear4xx() {
        String[] deck = newDeck();
        String path = "/decks/" + deck[0] + "/media/check";
        assertThat(api.send("POST", path, null, "{}").status()).isEqualTo(401);
        assertThat(api.send("POST", path, "forged-token", "{}").status()).isEqualTo(401);
        assertThat(api.send("POST", path, deck[1], "{not json").status()).isEqualTo(400);
        assertThat(api.send("POST", path, deck[1], "[]").status()).isEqualTo(400);
        assertThat(api.send("POST", path, deck[1], "{\"files\":\"x\"}").status()).isEqualTo(400);
        for (String name : List.of("../x.png", "a/b.png", "..", "", "a\u0000.png", "aux.mp3", "CON", "dot.", "space ",
                "photo\u202egpj.exe", "x\u2066y.png")) {
            Reply reply = api.json("POST", path, deck[1], Map.of("files", List.of(Map.of("name", name, "sha256", "ab".repeat(32),
                    "size", 10))));
            assertThat(reply.status()).as(name).isEqualTo(400);
        }
        Reply disguised = api.json("POST", path, deck[1], Map.of("files", List.of(Map.of("name", "photo\u202egpj.exe",
                "sha256", "ab".repeat(32), "size", 10))));
        assertThat(disguised.text()).contains("bidirectional-control").contains("\\u202E");
        Reply badHash = api.json("POST", path, deck[1], Map.of("files", List.of(Map.of("name", "a.png", "sha256", "XYZ", "size", 1))));
        assertThat(badHash.status()).isEqualTo(400);
        assertThat(badHash.text()).contains("SHA-256");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(Map.of("name", "f" + i + ".png", "sha256", String.format("%064x", i), "size", 10));
        }
        Reply many = api.json("POST", path, deck[1], Map.of("files", tooMany));
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.text()).contains("at most 100");
        Reply twice = api.json("POST", path, deck[1], Map.of("files", List.of(
                Map.of("name", "a.png", "sha256", "ab".repeat(32), "size", 10),
                Map.of("name", "a.png", "sha256", "cd".repeat(32), "size", 10))));
        assertThat(twice.status()).isEqualTo(400);
        assertThat(api.send("POST", path, deck[1], "{\"files\":[" + "1,".repeat(1_100_000) + "1]}").status()).isEqualTo(413);
        assertThat(api.json("POST", "/decks", deck[1], Map.of("id", "../etc", "title", "x")).status()).isEqualTo(400);
        assertThat(api.json("POST", "/decks/" + deck[0] + "/media/confirm", deck[1], Map.of("tickets", List.of("not-a-uuid"))).status())
                .isEqualTo(400);
        assertThat(files(deck[0], deck[1])).as("nothing stored by any of it").isEmpty();
    }

    @Test
    void aDeckIsListedInPagesAndStreamedAsAZip() throws Exception {
        String[] deck = newDeck();
        Map<String, byte[]> uploaded = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            byte[] bytes = TestImages.jpeg(TestImages.photo(40, 30, 100 + i));
            String name = "img-" + i + ".jpg";
            JsonNode stored = upload(deck[0], deck[1], name, bytes).get("stored").get(0);
            Reply download = api.presigned(files(deck[0], deck[1]).get(name).get("download"), null);
            assertThat(TestImages.sha256(download.body())).isEqualTo(stored.get("sha256").asText());
            uploaded.put(name, download.body());
        }
        Reply page = api.send("GET", "/decks/" + deck[0] + "/media?limit=2", deck[1], (String) null);
        assertThat(page.json().get("files")).hasSize(2);
        assertThat(page.json().get("next").asText()).isEqualTo("img-1.jpg");
        Reply rest = api.send("GET", "/decks/" + deck[0] + "/media?limit=10&after=img-1.jpg", deck[1], (String) null);
        assertThat(rest.json().get("files")).extracting(f -> f.get("name").asText()).containsExactly("img-2.jpg", "img-3.jpg", "img-4.jpg");
        assertThat(rest.json().get("next").isNull()).isTrue();

        Reply zip = api.send("GET", "/decks/" + deck[0] + "/media.zip", deck[1], (String) null);
        assertThat(zip.status()).isEqualTo(200);
        Map<String, byte[]> entries = new HashMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        assertThat(entries.keySet()).containsExactlyInAnyOrderElementsOf(uploaded.keySet());
        uploaded.forEach((name, bytes) -> assertThat(entries.get(name)).as(name).isEqualTo(bytes));
        Reply single = api.send("GET", "/decks/" + deck[0] + "/files/img-3.jpg", deck[1], (String) null);
        assertThat(single.body()).isEqualTo(uploaded.get("img-3.jpg"));
    }

    @Test
    void housekeepingRemovesOrphanObjectsAndFindsCountsRight() {
        String orphan = "media/00/" + "0".repeat(64);
        infrastructure.s3().putObject(b -> b.bucket(SharedMediaServer.BUCKET).key(orphan), RequestBody.fromBytes(new byte[] {1}));
        String[] deck = newDeck();
        upload(deck[0], deck[1], "kept.jpg", TestImages.jpeg(TestImages.photo(20, 20, 9)));
        reference(deck[0], deck[1], "notes/1", List.of("kept.jpg"));

        String report = Deckhand.sharedMediaHousekeepingNow(serverConfigForHousekeeping(), Duration.ZERO).toString();

        assertThat(report).contains("repairedCounts=0");
        assertThat(objectExists(orphan)).isFalse();
        assertThat(files(deck[0], deck[1])).containsKey("kept.jpg");
        List<S3Object> left = infrastructure.s3().listObjectsV2(b -> b.bucket(SharedMediaServer.BUCKET).prefix("media/")).contents();
        assertThat(left).isNotEmpty();
    }

    @Test
    void housekeepingWithAGivenGrace_removesUnreferencedFilesAndOrphansYoungerThanTheConfiguredOne() {
        String orphan = "media/00/" + "1".repeat(64);
        infrastructure.s3().putObject(b -> b.bucket(SharedMediaServer.BUCKET).key(orphan), RequestBody.fromBytes(new byte[] {2}));
        String[] deck = newDeck();
        byte[] unused = TestImages.jpeg(TestImages.photo(20, 20, 31));
        upload(deck[0], deck[1], "unused.jpg", unused);
        upload(deck[0], deck[1], "kept.jpg", TestImages.jpeg(TestImages.photo(20, 20, 32)));
        reference(deck[0], deck[1], "notes/1", List.of("kept.jpg"));
        String unusedKey = files(deck[0], deck[1]).get("unused.jpg").get("sha256").asText();
        ServerConfig dayOfGrace = configWithGrace(Duration.ofHours(24));

        HousekeepingReport withTheConfiguredGrace =
                Deckhand.sharedMediaHousekeepingNow(dayOfGrace, dayOfGrace.sharedMedia().orElseThrow().limits().grace());
        assertThat(objectExists(orphan)).isTrue();
        assertThat(objectExists(storedKey(unusedKey))).isTrue();

        HousekeepingReport withNoGrace = Deckhand.sharedMediaHousekeepingNow(dayOfGrace, Duration.ZERO);

        assertThat(withTheConfiguredGrace.orphanObjects()).isZero();
        assertThat(withNoGrace.orphanObjects()).isPositive();
        assertThat(withNoGrace.unreferencedFiles()).isPositive();
        assertThat(objectExists(orphan)).isFalse();
        assertThat(objectExists(storedKey(unusedKey))).isFalse();
        assertThat(files(deck[0], deck[1])).containsOnlyKeys("kept.jpg");
        String keptKey = files(deck[0], deck[1]).get("kept.jpg").get("sha256").asText();
        assertThat(objectExists(storedKey(keptKey))).isTrue();
    }

    private static ServerConfig configWithGrace(Duration grace) {
        SharedMediaLimits test = SharedMediaServer.limits(Duration.ofMinutes(10));
        try {
            return infrastructure.config(new SharedMediaLimits(test.maxFilesPerRequest(), test.maxImageBytes(),
                    test.maxAudioBytes(), test.maxPixels(), test.uploadTtl(), test.downloadTtl(), grace, test.maxPageSize()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ServerConfig serverConfigForHousekeeping() {
        try {
            return infrastructure.config(SharedMediaServer.limits(Duration.ofMinutes(10)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
