package dev.deckhand.adapter.http;

import dev.deckhand.ports.in.AccountAdministration;
import dev.deckhand.ports.in.AdminCredential;
import dev.deckhand.ports.in.BackupListing;
import dev.deckhand.ports.in.ServerUsage;
import java.util.Objects;
import java.util.Optional;

/**
 * What the administrators' dashboard ({@code /admin}, {@code /admin/api/...}) is built from.
 *
 * @param credential the administrators' secret; while it is not set up the dashboard answers 404
 * @param usage per-user figures and storage totals
 * @param accounts sign-out for any user; adding and removing only with {@code builtInAccounts}
 * @param builtInAccounts whether users sign in with Deckhand's own accounts (not LDAP or Cognito)
 * @param backups the backup destination's backups, when scheduled backups are on
 */
public record AdminDashboard(AdminCredential credential, ServerUsage usage, AccountAdministration accounts,
        boolean builtInAccounts, Optional<BackupListing> backups) {

    public AdminDashboard {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(usage, "usage");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(backups, "backups");
    }
}
