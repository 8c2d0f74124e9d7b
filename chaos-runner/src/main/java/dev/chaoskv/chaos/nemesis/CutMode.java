package dev.chaoskv.chaos.nemesis;

/** How a link is cut. */
public enum CutMode {
    /** A timeout toxic with timeout 0 on both streams: bytes vanish, connections stay open (iptables DROP). */
    BLACKHOLE,
    /** The proxy is disabled: open connections are closed and new ones refused (iptables REJECT). */
    DISCONNECT;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
