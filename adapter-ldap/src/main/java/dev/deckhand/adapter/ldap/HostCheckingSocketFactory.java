package dev.deckhand.adapter.ldap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Turns on the JDK's own host name check (RFC 6125, the {@code LDAPS} endpoint identification) on
 * every TLS socket, for LDAPS and StartTLS alike.
 *
 * <p>Why not UnboundID's {@code HostNameSSLSocketVerifier} or {@code HostNameTrustManager}: both
 * accept a certificate for any name when the server is addressed as {@code 127.0.0.1}, which the
 * JDK's check does not; and the JDK's check runs inside the handshake, before any password is sent.
 */
final class HostCheckingSocketFactory extends SSLSocketFactory {

    private final SSLSocketFactory delegate;

    HostCheckingSocketFactory(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    private static Socket checked(Socket socket) {
        if (socket instanceof SSLSocket) {
            SSLSocket tls = (SSLSocket) socket;
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("LDAPS");
            tls.setSSLParameters(parameters);
        }
        return socket;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return checked(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return checked(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return checked(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return checked(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return checked(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return checked(delegate.createSocket(address, port, localAddress, localPort));
    }
}
