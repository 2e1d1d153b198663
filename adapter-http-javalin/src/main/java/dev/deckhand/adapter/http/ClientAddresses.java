package dev.deckhand.adapter.http;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The address a request really comes from, for logs and limits. Behind a trusted proxy it is the
 * one the proxy forwarded: in {@code X-Forwarded-For}, the rightmost entry that is not itself a
 * trusted proxy (entries further left were written by the client and prove nothing); in
 * {@code X-Real-IP}, its single value. Anything that is not an address literal is ignored.
 */
final class ClientAddresses {

    private static final String ATTRIBUTE = "deckhand.clientAddress";

    private final ProxySettings proxies;

    ClientAddresses(ProxySettings proxies) {
        this.proxies = Objects.requireNonNull(proxies, "proxies");
    }

    /** The client's address; worked out once per request. */
    String of(Context ctx) {
        String known = ctx.attribute(ATTRIBUTE);
        if (known == null) {
            known = resolve(ctx.req().getRemoteAddr(), Collections.list(ctx.req().getHeaders(proxies.clientAddressHeader())));
            ctx.attribute(ATTRIBUTE, known);
        }
        return known;
    }

    /** The client address for a connection from {@code peer} that carried {@code headerValues}. */
    String resolve(String peer, List<String> headerValues) {
        if (headerValues.isEmpty() || !proxies.trusts(peer)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String value : headerValues) {
            for (String hop : value.split(",")) {
                hops.add(hop.trim());
            }
        }
        if (!proxies.usesForwardedFor()) {
            String only = hops.get(hops.size() - 1);
            return AddressRange.literal(only).isPresent() ? only : peer;
        }
        String nearest = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (AddressRange.literal(hop).isEmpty()) {
                return nearest;
            }
            if (!proxies.trusts(hop)) {
                return hop;
            }
            nearest = hop;
        }
        return nearest;
    }
}
