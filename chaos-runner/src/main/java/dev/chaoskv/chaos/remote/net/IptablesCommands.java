package dev.chaoskv.chaos.remote.net;

import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.remote.ssh.Shell;
import dev.chaoskv.common.HostPort;

/**
 * The exact shell command lines of the iptables network mode, run as root on a link's sending
 * host. Every rule lives in the chain {@value #CHAIN}, which only OUTPUT jumps to (a link is cut
 * where its bytes leave: what n1 sends to n2 is dropped on n1); no other chain is flushed or
 * edited beyond that one jump. Rules match TCP to one peer's kvnode port only, so SSH (and
 * anything else) is never cut. Latency uses {@code tc}: a prio qdisc with handle {@value #HANDLE}
 * at the root of the device towards the peer, netem on its fourth band, and a u32 filter per
 * slowed link; heal deletes that root qdisc. Both iptables-nft and iptables-legacy are healed
 * and checked. Pure.
 */
public final class IptablesCommands {
    public static final String CHAIN = "CHAOSKV";
    public static final String HANDLE = "cafe:";
    /** iptables front ends whose tables heal and verify look through (whichever exist). */
    private static final String FRONT_ENDS = "iptables-nft iptables-legacy";

    private IptablesCommands() {
    }

    /** Creates the chain and the jump from OUTPUT if missing; idempotent. */
    public static String setup() {
        return "iptables -w -N " + CHAIN + " 2>/dev/null; "
                + "iptables -w -C OUTPUT -j " + CHAIN + " 2>/dev/null || iptables -w -I OUTPUT 1 -j " + CHAIN + "; "
                + "iptables -w -S " + CHAIN + " >/dev/null";
    }

    /** The rule's match and target: TCP to the peer's kvnode port, dropped or reset. */
    static String rule(HostPort peer, CutMode mode, int sshPortOfPeer) {
        if (peer.port() == 22 || peer.port() == sshPortOfPeer) {
            throw new IllegalArgumentException("refusing to cut port " + peer.port() + " of " + peer.host()
                    + ": it is an SSH port, and the control host's SSH is never cut");
        }
        return "-p tcp -d " + Shell.quote(peer.host()) + " --dport " + peer.port() + " -j "
                + (mode == CutMode.BLACKHOLE ? "DROP" : "REJECT --reject-with tcp-reset");
    }

    /** Cuts what this host sends to {@code peer} (one way). */
    public static String cut(HostPort peer, CutMode mode, int sshPortOfPeer) {
        return setup() + " && iptables -w -A " + CHAIN + " " + rule(peer, mode, sshPortOfPeer);
    }

    /** Removes the cut of the link to {@code peer} (both modes, every copy); idempotent. */
    public static String uncut(HostPort peer, int sshPortOfPeer) {
        StringBuilder b = new StringBuilder();
        for (CutMode m : CutMode.values()) {
            b.append("while iptables -w -D ").append(CHAIN).append(' ').append(rule(peer, m, sshPortOfPeer))
                    .append(" 2>/dev/null; do :; done; ");
        }
        return b.append("true").toString();
    }

    /** The device and IPv4 address towards {@code peer}, into $dev and $ip. */
    private static String route(HostPort peer) {
        return "ip=$(getent ahostsv4 " + Shell.quote(peer.host()) + " | awk 'NR==1{print $1}') && [ -n \"$ip\" ] && "
                + "dev=$(ip -o route get \"$ip\" | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p') && [ -n \"$dev\" ]";
    }

    /** Latency (ms, uniform jitter) on what this host sends to the peer's kvnode port. */
    public static String slow(HostPort peer, int latencyMs, int jitterMs) {
        return netem(peer, "delay " + latencyMs + "ms " + jitterMs + "ms");
    }

    /** {@code percent} % of what this host sends to the peer's kvnode port lost at random. */
    public static String loss(HostPort peer, int percent) {
        return netem(peer, "loss " + percent + "%");
    }

    /** What this host sends to the peer's kvnode port limited to {@code rateKBps} kilobytes a second (netem rate, same tree). */
    public static String rate(HostPort peer, int rateKBps) {
        return netem(peer, "rate " + (rateKBps * 8L) + "kbit");
    }

    /**
     * Connections to the peer's kvnode port reset (one way, as a cut in disconnect mode): a
     * REJECT --reject-with tcp-reset rule in {@value #CHAIN}, removed by {@link #uncut}.
     */
    public static String resetPeer(HostPort peer, int sshPortOfPeer) {
        return cut(peer, CutMode.DISCONNECT, sshPortOfPeer);
    }

    /** netem with {@code netemArgs} on band 4 of the toolkit's prio tree, for the peer's kvnode port. */
    private static String netem(HostPort peer, String netemArgs) {
        return route(peer) + " && { tc qdisc show dev \"$dev\" root | grep -q ' " + HANDLE + " ' || "
                + "tc qdisc add dev \"$dev\" root handle " + HANDLE + " prio bands 4 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1; } && "
                + "tc qdisc replace dev \"$dev\" parent cafe:4 handle cb: netem " + netemArgs + " && "
                + "tc filter add dev \"$dev\" parent " + HANDLE + " protocol ip prio 1 u32 match ip dst \"$ip\"/32 match ip dport "
                + peer.port() + " 0xffff flowid cafe:4";
    }

    /** Every fault of the toolkit on this host gone: jumps, the chain, the netem tree; nothing else touched. */
    public static String healAll() {
        return "for ipt in " + FRONT_ENDS + "; do command -v $ipt >/dev/null 2>&1 || continue; "
                + "while $ipt -w -D OUTPUT -j " + CHAIN + " 2>/dev/null; do :; done; "
                + "while $ipt -w -D INPUT -j " + CHAIN + " 2>/dev/null; do :; done; "
                + "$ipt -w -F " + CHAIN + " 2>/dev/null; $ipt -w -X " + CHAIN + " 2>/dev/null; done; "
                + netemHeal() + "; true";
    }

    /** Deletes the toolkit's root qdisc (handle cafe:) wherever it is; other qdiscs stay. */
    public static String netemHeal() {
        return "for d in $(ls /sys/class/net); do tc qdisc show dev \"$d\" root 2>/dev/null | grep -q ' " + HANDLE + " ' "
                + "&& tc qdisc del dev \"$d\" root handle " + HANDLE + "; done";
    }

    /** Prints what is left: one line per iptables front end with CHAOSKV rules, one per device with the qdisc; nothing = clean. */
    public static String verify() {
        return "for ipt in " + FRONT_ENDS + "; do command -v $ipt >/dev/null 2>&1 || continue; "
                + "rules=$($ipt -w -S 2>&1) || { echo \"$ipt: cannot list the rules: $(echo \"$rules\" | head -n 1)\"; continue; }; "
                + "n=$(echo \"$rules\" | grep -c -- '" + CHAIN + "'); [ \"$n\" = 0 ] || echo \"$ipt: $n rule(s) of " + CHAIN + "\"; done; "
                + "for d in $(ls /sys/class/net); do tc qdisc show dev \"$d\" root 2>/dev/null | grep -q ' " + HANDLE + " ' "
                + "&& echo \"qdisc " + HANDLE + " on $d\"; done; true";
    }

    /** Prints which iptables the host has ("iptables v1.8.9 (nf_tables)"); fails if none. */
    public static String detectIptables() {
        return "iptables -V";
    }

    /** Succeeds (printing "netem") if the kernel has sch_prio and sch_netem: tried on lo and removed at once. */
    public static String detectNetem() {
        return "tc qdisc add dev lo root handle " + HANDLE + " prio bands 4 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1 2>/dev/null "
                + "&& tc qdisc add dev lo parent cafe:4 handle cb: netem delay 0ms 2>/dev/null; r=$?; "
                + "tc qdisc del dev lo root handle " + HANDLE + " 2>/dev/null; [ $r = 0 ] && echo netem";
    }
}
