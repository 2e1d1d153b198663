package dev.deckhand.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentRequestsTest {

    private static RecentRequests.Request request(int n) {
        return new RecentRequests.Request(Instant.ofEpochSecond(n), "POST", "/sync/meta", 200, n, "user" + n);
    }

    @Test
    void keepsTheNewestUpToItsCapacity_newestFirst() {
        RecentRequests recent = new RecentRequests(3);
        for (int n = 1; n <= 5; n++) {
            recent.add(request(n));
        }

        assertThat(recent.list()).extracting(RecentRequests.Request::user).containsExactly("user5", "user4", "user3");
    }

    @Test
    void theDashboardsOwnCallsAreNotListed() {
        assertThat(AdminRoutes.shown("/admin/api/overview")).isFalse();
        assertThat(AdminRoutes.shown("/admin")).isFalse();
        assertThat(AdminRoutes.shown("/sync/hostKey")).isTrue();
        assertThat(AdminRoutes.shown("/health")).isTrue();
    }
}
