package dev.deckhand.adapter.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.deckhand.ports.in.MetaOutcome;

/** The {@code /sync/meta} response in the client's field names ({@code media_usn} is snake case). */
@JsonPropertyOrder({"mod", "scm", "usn", "ts", "msg", "cont", "hostNum", "empty", "media_usn"})
record WireMeta(
        @JsonProperty("mod") long mod,
        @JsonProperty("scm") long scm,
        @JsonProperty("usn") int usn,
        @JsonProperty("ts") long ts,
        @JsonProperty("msg") String msg,
        @JsonProperty("cont") boolean cont,
        @JsonProperty("hostNum") int hostNum,
        @JsonProperty("empty") boolean empty,
        @JsonProperty("media_usn") int mediaUsn) {

    static WireMeta of(MetaOutcome.SyncMeta meta) {
        return new WireMeta(
                meta.modifiedMillis(),
                meta.schemaMillis(),
                meta.usn(),
                meta.serverTimeSeconds(),
                meta.message(),
                meta.proceed(),
                0,
                meta.empty(),
                meta.mediaUsn());
    }
}
