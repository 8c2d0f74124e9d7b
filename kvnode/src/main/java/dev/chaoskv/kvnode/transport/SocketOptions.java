package dev.chaoskv.kvnode.transport;

import jdk.net.ExtendedSocketOptions;

import java.io.IOException;
import java.net.Socket;

/** Options every replication socket gets: no Nagle delay, and TCP keepalive that notices a dead peer in about 8 s. */
public final class SocketOptions {
    public static final int KEEPALIVE_IDLE_S = 5, KEEPALIVE_INTERVAL_S = 1, KEEPALIVE_COUNT = 3;

    private SocketOptions() {
    }

    public static void forPeerLink(Socket s) throws IOException {
        s.setTcpNoDelay(true);
        s.setKeepAlive(true);
        try {
            s.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE_S);
            s.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, KEEPALIVE_INTERVAL_S);
            s.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, KEEPALIVE_COUNT);
        } catch (UnsupportedOperationException e) {
            // Platforms without per-socket keepalive tuning keep the system defaults.
        }
    }
}
