package dev.chaoskv.kvnode.server;

import dev.chaoskv.common.tls.TlsStores;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.io.IOException;

/**
 * What TLS the node's one port speaks, and whom it lets in. A connection shows what it speaks
 * by its first byte ({@link dev.chaoskv.common.tls.TlsSockets#HANDSHAKE_RECORD}), so plaintext
 * and TLS share the port and each is then let in or refused by the modes: a plaintext client
 * when {@code --client-tls} is on, a plaintext peer when {@code --peer-tls} is on, a peer over
 * TLS without a certificate (peer TLS is always mutual). The refusal reasons name the flag.
 */
public final class PortTls {
    private final NodeConfig.Tls modes;
    private final SSLContext context;

    /** @param context loaded from {@code modes.stores()}; null when TLS is off */
    public PortTls(NodeConfig.Tls modes, SSLContext context) {
        if (modes.any() != (context != null)) throw new IllegalArgumentException("a TLS context exactly when a TLS mode is on");
        this.modes = modes;
        this.context = context;
    }

    /** Loads the stores of {@code modes}; a TlsSetupException names the file. */
    public static PortTls load(NodeConfig.Tls modes) throws IOException {
        return new PortTls(modes, modes.any() ? modes.stores().context() : null);
    }

    public boolean servesTls() {
        return context != null;
    }

    /** The context this node dials its peers with, or null when peers speak plaintext. */
    public SSLContext peerContext() {
        return modes.peers() ? context : null;
    }

    /** Why a TLS connection is refused before its handshake; null if it may go on. */
    public String refuseTls() {
        return servesTls() ? null : "it speaks TLS, and this node serves no TLS (--client-tls off, --peer-tls off)";
    }

    /** Why a plaintext peer is refused; null if it may go on to the peer handshake. */
    public String refusePlaintextPeer() {
        return modes.peers() ? "it speaks plaintext, and this node requires mutual TLS from peers (--peer-tls on)" : null;
    }

    /** Why a plaintext client is refused (also its ERROR answer); null if it may be served. */
    public String refusePlaintextClient() {
        return modes.clients() == NodeConfig.ClientTls.OFF ? null
                : "this node requires TLS from clients (--client-tls " + modes.clients().flag() + "): connect with TLS"
                + " (bin/kv --tls-trust-store FILE.p12 --tls-password-file FILE"
                + (modes.clients() == NodeConfig.ClientTls.REQUIRE_CLIENT_CERT ? " --tls-cert-store FILE.p12" : "") + ")";
    }

    /** Why a peer that completed a TLS handshake is refused; null if it may go on to the peer handshake. */
    public String refuseTlsPeer(SSLSession session) {
        if (!modes.peers()) return "it speaks TLS to this node's peer port, and this node has --peer-tls off: give every member the same --peer-tls";
        try {
            session.getPeerCertificates();
            return null;
        } catch (SSLPeerUnverifiedException e) {
            return "it presented no TLS certificate, and peer TLS is mutual (--peer-tls on)";
        }
    }

    /** An engine for a non-blocking connection (server side), with the client certificates required when every TLS connection must have one (require-client-cert, or TLS only for peers) and asked for otherwise. */
    public SSLEngine engine() {
        SSLEngine e = context.createSSLEngine();
        e.setUseClientMode(false);
        e.setSSLParameters(serverParameters(e.getSSLParameters()));
        return e;
    }

    private SSLParameters serverParameters(SSLParameters p) {
        p.setProtocols(new String[]{TlsStores.PROTOCOL});
        boolean everyone = modes.clients() == NodeConfig.ClientTls.REQUIRE_CLIENT_CERT
                || (modes.peers() && modes.clients() == NodeConfig.ClientTls.OFF);
        if (everyone) p.setNeedClientAuth(true);
        else p.setWantClientAuth(true);
        return p;
    }
}
