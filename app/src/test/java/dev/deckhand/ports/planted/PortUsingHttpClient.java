package dev.deckhand.ports.planted;

import java.net.http.HttpClient;

/** Planted violation: a port that names the JDK's HTTP client. */
public interface PortUsingHttpClient {
    HttpClient client();
}
