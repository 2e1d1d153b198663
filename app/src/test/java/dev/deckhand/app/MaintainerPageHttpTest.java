package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The maintainers' page as plain HTTP: its headers, its fixed set of assets, and where it is mounted. */
class MaintainerPageHttpTest {

    @RegisterExtension
    static final RunningServer SYNC_ONLY = new RunningServer();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static SharedMediaServer infrastructure;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        infrastructure = SharedMediaServer.start();
        base = "http://127.0.0.1:" + infrastructure.deckhand(SharedMediaServer.limits(Duration.ofMinutes(10))).port();
    }

    @AfterAll
    static void stop() throws Exception {
        infrastructure.close();
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Without spaces: Jetty writes {@code text/html;charset=utf-8}. */
    private static String contentType(HttpResponse<String> reply) {
        return reply.headers().firstValue("Content-Type").orElse("").replace(" ", "");
    }

    @Test
    void thePageIsServedWithAStrictPolicyAndNeverCached() throws Exception {
        HttpResponse<String> page = get(base + "/manage");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(contentType(page)).isEqualTo("text/html;charset=utf-8");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'self';").contains("script-src 'self';", "img-src 'self' blob:;", "frame-ancestors 'none'")
                .doesNotContain("unsafe", "http");
        assertThat(page.body()).contains("<script src=\"/manage/assets/manage.js\" defer></script>")
                .doesNotContainPattern("<script>|<script [^>]*>[^<]|style=|\\son[a-z]+=");
    }

    @Test
    void theAssetsHaveTheirTypesAndLoadNothingFromElsewhere() throws Exception {
        for (List<String> asset : List.of(List.of("manage.js", "text/javascript;charset=utf-8"),
                List.of("manage.css", "text/css;charset=utf-8"))) {
            HttpResponse<String> reply = get(base + "/manage/assets/" + asset.get(0));

            assertThat(reply.statusCode()).as(asset.get(0)).isEqualTo(200);
            assertThat(contentType(reply)).isEqualTo(asset.get(1));
            assertThat(reply.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(reply.body()).as("works offline").doesNotContain("http:", "https:", "//cdn", "@import");
        }
        assertThat(get(base + "/manage").body()).doesNotContain("http:", "https:");
    }

    @Test
    void onlyTheListedAssetsAreServed() throws Exception {
        for (String path : List.of("manage.html", "..%2Fmanage.html", "%2e%2e%2fweb%2fmanage.js", "..%5Cmanage.js",
                "web%2Fmanage.js", "MANAGE.JS", "manage.js%00.css", "dev/deckhand/adapter/http/MaintainerPage.class",
                "deckhand-build.properties")) {
            HttpResponse<String> reply = get(base + "/manage/assets/" + path);

            assertThat(reply.statusCode()).as(path).isIn(400, 404);
            assertThat(reply.body()).as(path).doesNotContain("<html", "use strict");
        }
    }

    @Test
    void withoutTheSharedMediaServiceThereIsNoPage() throws Exception {
        assertThat(get("http://127.0.0.1:" + SYNC_ONLY.port() + "/manage").statusCode()).isEqualTo(404);
        assertThat(get("http://127.0.0.1:" + SYNC_ONLY.port() + "/manage/assets/manage.js").statusCode()).isEqualTo(404);
    }
}
