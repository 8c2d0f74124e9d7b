package dev.chaoskv.chaos.remote.net;

import java.util.Locale;

/** How network faults reach real hosts: each host's Toxiproxy, or iptables and netem on the hosts. */
public enum NetMode {
    TOXIPROXY, IPTABLES;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "toxiproxy" or "iptables"; anything else is refused naming what was given and where. */
    public static NetMode parse(String s, String where) {
        for (NetMode m : values()) if (m.wireName().equals(s.strip().toLowerCase(Locale.ROOT))) return m;
        throw new IllegalArgumentException(where + " must be toxiproxy or iptables, not '" + s + "'");
    }
}
