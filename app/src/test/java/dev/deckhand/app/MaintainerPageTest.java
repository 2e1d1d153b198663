package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deckhand.app.ApiClient.Reply;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The maintainers' page in a real headless Chromium against a real Deckhand (PostgreSQL, S3Proxy,
 * WebP conversion). Chromium resolves no host but loopback, so the page provably needs nothing else.
 */
class MaintainerPageTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /**
     * Media names cannot hold {@code < > "} (Anki's own rule), so markup cannot be spelled in one;
     * entities and single quotes can. Shown through innerHTML, the entities would turn into a tag's
     * text and the quotes would open an attribute: the name must come out exactly as it is.
     */
    private static final String HOSTILE = "&lt;img src=x onerror=alert(1)&gt; ' onmouseover='alert(2)'.png";
    /** A name that only reaches the server intact if the page encodes it into the path. */
    private static final String CELL = "cell #2&x=50%.png";
    private static final AtomicInteger DECKS = new AtomicInteger();

    private static SharedMediaServer infrastructure;
    private static ApiClient api;
    private static String page;
    private static ChromeDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("this test needs Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver (.ci/run does)");
        }
        infrastructure = SharedMediaServer.start();
        int port = infrastructure.deckhand(SharedMediaServer.limits(Duration.ofMinutes(10))).port();
        api = new ApiClient(port);
        page = "http://127.0.0.1:" + port + "/manage";
        browser = chromium();
        wait = new WebDriverWait(browser, WAIT);
    }

    /** The system's Chromium and driver, named explicitly so Selenium Manager never downloads anything. */
    private static ChromeDriver chromium() {
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");
        // Alerts stay open until the test looks: a stray one must be seen, not dismissed by the driver.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
        return driver;
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (infrastructure != null) {
            infrastructure.close();
        }
    }

    @AfterEach
    void noDialogLeftAndNoPolicyViolation() {
        browser.manage().window().setSize(new Dimension(1280, 900));
        try {
            Alert left = browser.switchTo().alert();
            String text = left.getText();
            left.dismiss();
            fail("a dialog was left open: " + text);
        } catch (NoAlertPresentException expected) {
            // as it should be
        }
        List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(message -> message.contains("Content Security Policy") || message.contains("Uncaught"))
                .toList();
        assertThat(violations).as("script errors or blocked loads").isEmpty();
    }

    // --- the tests -------------------------------------------------------------------------------

    @Test
    void aMaintainerSeesEveryFileWithItsReferenceCountAndSearchNarrowsTheList() {
        Deck deck = deckWithFourImages();

        signIn(deck.maintainer());
        openDeck(deck.id());

        assertThat(text(By.id("deck-title"))).isEqualTo("Deck " + deck.id() + " (" + deck.id() + "; your role: maintainer)");
        waitForListing(Map.of(CELL, "3", "heart.png", "2", HOSTILE, "1", "lung.jpg", "1"));
        search("LUNG");
        waitForListing(Map.of("lung.jpg", "1"));
        search("png");
        waitForListing(Map.of(CELL, "3", "heart.png", "2", HOSTILE, "1"));
        search("");
        waitForListing(Map.of(CELL, "3", "heart.png", "2", HOSTILE, "1", "lung.jpg", "1"));
        assertThat(row("heart.png").findElement(By.cssSelector("td:nth-child(2)")).getText()).isEqualTo("image/webp");
    }

    @Test
    void previewShowsTheStoredImageAtItsOwnSize() {
        Deck deck = deckWithFourImages();
        signIn(deck.maintainer());
        openDeck(deck.id());

        for (Map.Entry<String, Integer> image : Map.of("heart.png", 320, "lung.jpg", 240, CELL, 120, HOSTILE, 64).entrySet()) {
            row(image.getKey()).findElement(By.cssSelector("button.preview")).click();

            waitUntil("a preview of " + image.getKey() + " " + image.getValue() + " px wide",
                    d -> image.getKey().equals(text(By.id("preview-name"))) && previewWidth() == image.getValue());
            assertThat(browser.findElement(By.id("preview-image")).getDomProperty("src")).startsWith("blob:");
        }
    }

    @Test
    void removeAsksFirstThenTheFileLeavesThePageAndTheDeck() {
        Deck deck = deckWithFourImages();
        signIn(deck.maintainer());
        openDeck(deck.id());

        row(CELL).findElement(By.cssSelector("button.remove")).click();
        Alert asked = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(asked.getText()).contains(CELL).contains("3 references");
        asked.dismiss();
        assertThat(listed()).containsKey(CELL);

        row(CELL).findElement(By.cssSelector("button.remove")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();

        waitUntil(CELL + " gone from the list", d -> !listed().containsKey(CELL));
        assertThat(text(By.id("status"))).contains("Removed " + CELL);
        assertThat(apiNames(deck)).containsExactlyInAnyOrder("heart.png", HOSTILE, "lung.jpg");
    }

    @Test
    void aSubscriberSeesTheFilesButRemovingShowsTheRefusal() {
        Deck deck = deckWithFourImages();
        String subscriber = infrastructure.newUser();
        Reply role = api.json("PUT", "/decks/" + deck.id() + "/members/" + subscriber, deck.token(), Map.of("role", "subscriber"));
        assertThat(role.status()).as(role.text()).isEqualTo(204);

        signIn(subscriber);
        openDeck(deck.id());
        waitForListing(Map.of(CELL, "3", "heart.png", "2", HOSTILE, "1", "lung.jpg", "1"));
        row("lung.jpg").findElement(By.cssSelector("button.remove")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();

        wait.until(ExpectedConditions.attributeContains(By.id("status"), "class", "error"));
        assertThat(text(By.id("status"))).contains("Could not remove lung.jpg: 403").contains("maintainer role");
        assertThat(listed()).containsKey("lung.jpg");
        assertThat(apiNames(deck)).contains("lung.jpg");
    }

    @Test
    void aHostileFileNameIsShownAsTextAndNeverRuns() {
        Deck deck = deckWithFourImages();
        signIn(deck.maintainer());
        openDeck(deck.id());

        WebElement hostile = row(HOSTILE);
        assertThat(hostile.findElement(By.cssSelector("td.name")).getText()).isEqualTo(HOSTILE);
        assertThat(browser.findElements(By.cssSelector("img[src='x'], #files img, [onmouseover]")))
                .as("no injected element or attribute").isEmpty();
        hostile.findElement(By.cssSelector("button.remove")).click();
        Alert asked = wait.until(ExpectedConditions.alertIsPresent());
        assertThat(asked.getText()).as("only the confirmation, with the name as text").contains(HOSTILE);
        asked.dismiss();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
    }

    @Test
    void aDeckOfMoreThanAHundredFilesIsPaged() {
        Deck deck = emptyDeck();
        byte[] image = TestImages.png(TestImages.photo(16, 16, 40));
        upload(deck, "p000.png", image);
        List<Map<String, Object>> same = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            same.add(announced(String.format("p%03d.png", i), image));
        }
        JsonNode mapped = check(deck, same);
        assertThat(mapped.get("present")).as("known bytes are mapped without an upload").hasSize(100);

        signIn(deck.maintainer());
        openDeck(deck.id());
        wait.until(d -> listed().size() == 100);
        assertThat(listed()).containsKey("p099.png").doesNotContainKey("p100.png");

        browser.findElement(By.id("next-page")).click();
        waitForListing(Map.of("p100.png", "0"));
        assertThat(browser.findElement(By.id("next-page")).isDisplayed()).isFalse();
        browser.findElement(By.id("first-page")).click();
        wait.until(d -> listed().containsKey("p000.png"));
    }

    @Test
    void onAPhoneTheListFitsTheScreenAndEveryControlHasAName() {
        Deck deck = deckWithFourImages();
        browser.manage().window().setSize(new Dimension(390, 844));
        signIn(deck.maintainer());
        openDeck(deck.id());
        waitForListing(Map.of(CELL, "3", "heart.png", "2", HOSTILE, "1", "lung.jpg", "1"));

        assertThat((Boolean) script("return document.documentElement.scrollWidth <= window.innerWidth")).as("no sideways scrolling")
                .isTrue();
        assertThat((Long) script("return [...document.querySelectorAll('input')].filter(i => i.labels.length === 0).length"))
                .as("inputs without a label").isZero();
        assertThat((Long) script("return [...document.querySelectorAll('button')]"
                + ".filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).length")).as("buttons without a name").isZero();
        assertThat(row("lung.jpg").findElement(By.cssSelector("button.remove")).getAccessibleName()).isEqualTo("Remove lung.jpg");
    }

    @Test
    void thePickerListsTheDecksTheUserBelongsTo_withTheRoleInEach_andNoOthers() {
        Deck biology = emptyDeck();
        Deck chemistry = emptyDeck();
        Deck unrelated = emptyDeck();
        String bob = infrastructure.newUser();
        for (Map.Entry<Deck, String> role : Map.of(biology, "subscriber", chemistry, "maintainer").entrySet()) {
            Reply set = api.json("PUT", "/decks/" + role.getKey().id() + "/members/" + bob, role.getKey().token(),
                    Map.of("role", role.getValue()));
            assertThat(set.status()).as(set.text()).isEqualTo(204);
        }

        signIn(bob);

        wait.until(d -> d.findElements(By.cssSelector("#deck option")).size() == 2);
        assertThat(browser.findElements(By.cssSelector("#deck option"))).extracting(WebElement::getText).containsExactly(
                "Deck " + biology.id() + " (" + biology.id() + ", subscriber)",
                "Deck " + chemistry.id() + " (" + chemistry.id() + ", maintainer)");
        assertThat(browser.findElements(By.cssSelector("#deck option[value='" + unrelated.id() + "']"))).isEmpty();
        new Select(browser.findElement(By.id("deck"))).selectByValue(chemistry.id());
        browser.findElement(By.cssSelector("#open-deck button[type=submit]")).click();
        waitUntil("the chemistry deck open", d -> text(By.id("deck-title")).equals(
                "Deck " + chemistry.id() + " (" + chemistry.id() + "; your role: maintainer)"));
        waitUntil("the empty deck's files listed", d -> d.findElement(By.id("empty")).isDisplayed());
        assertThat(text(By.id("empty"))).isEqualTo("No files.");
    }

    @Test
    void aUserWithNoDeckIsToldSoInsteadOfAnEmptyPicker() {
        signIn(infrastructure.newUser());

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("no-decks")));
        assertThat(browser.findElement(By.id("open-deck")).isDisplayed()).isFalse();
    }

    @Test
    void aWrongPasswordShowsTheServersAnswer() {
        freshPage();
        browser.findElement(By.id("username")).sendKeys(infrastructure.newUser());
        browser.findElement(By.id("password")).sendKeys("not the password");
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();

        wait.until(ExpectedConditions.attributeContains(By.id("status"), "class", "error"));
        assertThat(text(By.id("status"))).contains("Sign-in failed: 401 unknown user or wrong password");
        assertThat(browser.findElement(By.id("workspace")).isDisplayed()).isFalse();
    }

    // --- the deck, through the API ---------------------------------------------------------------

    private record Deck(String id, String maintainer, String token) {}

    private static Deck emptyDeck() {
        String maintainer = infrastructure.newUser();
        String token = api.login(maintainer);
        String id = "page-deck-" + DECKS.incrementAndGet();
        Reply created = api.json("POST", "/decks", token, Map.of("id", id, "title", "Deck " + id));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return new Deck(id, maintainer, token);
    }

    /**
     * heart.png (320 px wide, 2 references), lung.jpg (240, 1), CELL (120, 3) and HOSTILE (64, 1).
     * The pictures differ from deck to deck: a count covers every deck that shares the same bytes.
     */
    private static Deck deckWithFourImages() {
        Deck deck = emptyDeck();
        long seed = 10L * DECKS.get();
        upload(deck, "heart.png", TestImages.png(TestImages.photo(320, 200, seed)));
        upload(deck, "lung.jpg", TestImages.jpeg(TestImages.photo(240, 160, seed + 1)));
        upload(deck, CELL, TestImages.png(TestImages.photo(120, 90, seed + 2)));
        upload(deck, HOSTILE, TestImages.png(TestImages.photo(64, 48, seed + 3)));
        reference(deck, "notes/1", List.of("heart.png", "lung.jpg", CELL));
        reference(deck, "notes/2", List.of("heart.png", CELL, HOSTILE));
        reference(deck, "suggestions/3", List.of(CELL));
        return deck;
    }

    private static Map<String, Object> announced(String name, byte[] bytes) {
        return Map.of("name", name, "sha256", TestImages.sha256(bytes), "size", bytes.length);
    }

    private static JsonNode check(Deck deck, List<Map<String, Object>> files) {
        Reply reply = api.json("POST", "/decks/" + deck.id() + "/media/check", deck.token(), Map.of("files", files));
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.json();
    }

    private static void upload(Deck deck, String name, byte[] bytes) {
        JsonNode checked = check(deck, List.of(announced(name, bytes)));
        assertThat(checked.get("uploads")).as(checked.toString()).hasSize(1);
        JsonNode offer = checked.get("uploads").get(0);
        assertThat(api.presigned(offer.get("upload"), bytes).status()).isEqualTo(200);
        Reply confirmed = api.json("POST", "/decks/" + deck.id() + "/media/confirm", deck.token(),
                Map.of("tickets", List.of(offer.get("ticket").asText())));
        assertThat(confirmed.json().get("stored")).as(confirmed.text()).hasSize(1);
    }

    private static void reference(Deck deck, String holder, List<String> names) {
        Reply reply = api.json("PUT", "/decks/" + deck.id() + "/" + holder + "/media", deck.token(), Map.of("names", names));
        assertThat(reply.status()).as(reply.text()).isEqualTo(204);
    }

    private static List<String> apiNames(Deck deck) {
        Reply reply = api.send("GET", "/decks/" + deck.id() + "/media?limit=1000", deck.token(), (String) null);
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        reply.json().get("files").forEach(file -> names.add(file.get("name").asText()));
        return names;
    }

    // --- the page, through the browser -----------------------------------------------------------

    /** The page as a new tab sees it: no token from an earlier test. */
    private static void freshPage() {
        browser.get(page);
        script("sessionStorage.clear()");
        browser.navigate().refresh();
    }

    private static void signIn(String user) {
        freshPage();
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(RunningServer.PASSWORD);
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("workspace")));
    }

    private static void openDeck(String deck) {
        wait.until(d -> !d.findElements(By.cssSelector("#deck option[value='" + deck + "']")).isEmpty());
        new Select(browser.findElement(By.id("deck"))).selectByValue(deck);
        browser.findElement(By.cssSelector("#open-deck button[type=submit]")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("files")));
        wait.until(d -> !listed().isEmpty());
    }

    private static void search(String text) {
        WebElement field = browser.findElement(By.id("contains"));
        field.clear();
        field.sendKeys(text);
        browser.findElement(By.cssSelector("#search button[type=submit]")).click();
    }

    /** The listed files, name to reference count, as the page shows them. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> listed() {
        List<List<String>> rows = (List<List<String>>) script("return [...document.querySelectorAll('#files tbody tr')]"
                + ".map(r => [r.querySelector('td.name').textContent, r.querySelector('td.references').textContent])");
        Map<String, String> byName = new LinkedHashMap<>();
        rows.forEach(row -> byName.put(row.get(0), row.get(1)));
        return byName;
    }

    private static void waitForListing(Map<String, String> expected) {
        new WebDriverWait(browser, WAIT).withMessage(() -> "expected " + expected + " but the page lists " + listed())
                .until(d -> listed().equals(expected));
    }

    private static void waitUntil(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, WAIT).withMessage(() -> what + "; the status says: " + text(By.id("status"))).until(condition);
    }

    private static WebElement row(String name) {
        return wait.until(d -> d.findElements(By.cssSelector("#files tbody tr")).stream()
                .filter(row -> name.equals(row.getDomAttribute("data-name")))
                .findFirst().orElse(null));
    }

    private static long previewWidth() {
        return (Long) script("const i = document.getElementById('preview-image');"
                + " return !i.hidden && i.complete ? i.naturalWidth : 0;");
    }

    private static String text(By locator) {
        return browser.findElement(locator).getText();
    }

    private static Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }
}
