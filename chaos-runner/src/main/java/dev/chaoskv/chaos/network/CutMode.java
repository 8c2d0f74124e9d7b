package dev.chaoskv.chaos.network;

/** How a link is cut. */
public enum CutMode {
    /** Bytes vanish, connections stay open (Toxiproxy: a timeout toxic with timeout 0 on both streams; iptables DROP). */
    BLACKHOLE,
    /** Open connections are closed and new ones refused (Toxiproxy: the proxy is disabled; iptables REJECT). */
    DISCONNECT;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
