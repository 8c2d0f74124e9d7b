package dev.chaoskv.common.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;

/** TLS layered over a TCP socket that is already connected, so connect timeouts stay the caller's. */
public final class TlsSockets {
    /**
     * The first byte of a TLS connection (a handshake record). No plaintext kvnode frame starts
     * with it: that would be a length of at least 0x16000000 bytes, above every frame limit.
     */
    public static final int HANDSHAKE_RECORD = 0x16;

    private TlsSockets() {
    }

    /**
     * The client side over {@code connected}: checks that the server's certificate chains to the
     * trust store and names {@code host} (an IP address SAN for an address, a DNS SAN for a name),
     * presents this side's certificate if the context has one, and completes the handshake.
     * Closing the returned socket closes {@code connected}.
     */
    public static SSLSocket client(SSLContext ctx, Socket connected, String host, int port) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(connected, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setProtocols(new String[]{TlsStores.PROTOCOL});
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }
}
