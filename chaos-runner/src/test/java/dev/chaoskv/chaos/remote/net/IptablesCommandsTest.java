package dev.chaoskv.chaos.remote.net;

import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.network.LinkFault;
import dev.chaoskv.chaos.remote.RemoteCluster;
import dev.chaoskv.chaos.remote.inventory.RemoteHost;
import dev.chaoskv.chaos.remote.ssh.SshHost;
import dev.chaoskv.common.HostPort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact fault and heal command lines of the iptables mode, and how they reach root. */
class IptablesCommandsTest {
    private static final HostPort N2 = new HostPort("198.18.0.3", 9001);

    @Test
    void cutsAreOneWayRulesInTheOwnedChainOnTheSendersOutput() {
        String setup = "iptables -w -N CHAOSKV 2>/dev/null; iptables -w -C OUTPUT -j CHAOSKV 2>/dev/null || iptables -w -I OUTPUT 1 -j CHAOSKV; "
                + "iptables -w -S CHAOSKV >/dev/null";
        assertEquals(setup, IptablesCommands.setup());
        assertEquals(setup + " && iptables -w -A CHAOSKV -p tcp -d 198.18.0.3 --dport 9001 -j DROP",
                IptablesCommands.cut(N2, CutMode.BLACKHOLE, 22));
        assertEquals(setup + " && iptables -w -A CHAOSKV -p tcp -d 198.18.0.3 --dport 9001 -j REJECT --reject-with tcp-reset",
                IptablesCommands.cut(N2, CutMode.DISCONNECT, 22));
        assertEquals("while iptables -w -D CHAOSKV -p tcp -d 198.18.0.3 --dport 9001 -j DROP 2>/dev/null; do :; done; "
                        + "while iptables -w -D CHAOSKV -p tcp -d 198.18.0.3 --dport 9001 -j REJECT --reject-with tcp-reset 2>/dev/null; do :; done; true",
                IptablesCommands.uncut(N2, 22));
    }

    @Test
    void noCommandFlushesOrEditsAnotherChain() {
        for (String c : List.of(IptablesCommands.setup(), IptablesCommands.cut(N2, CutMode.BLACKHOLE, 22), IptablesCommands.uncut(N2, 22),
                IptablesCommands.healAll(), IptablesCommands.verify())) {
            assertFalse(c.matches(".*-F(?! CHAOSKV).*"), "flushes only CHAOSKV: " + c);
            assertFalse(c.matches(".*-X(?! CHAOSKV).*"), "deletes only CHAOSKV: " + c);
            assertFalse(c.matches(".*-[AI] (?!CHAOSKV|OUTPUT 1 -j CHAOSKV).*"), "appends only to CHAOSKV: " + c);
            assertFalse(c.matches(".*-D (?!CHAOSKV|OUTPUT -j CHAOSKV|INPUT -j CHAOSKV).*"), "deletes only its own rules: " + c);
            assertFalse(c.contains("-P "), "never changes a policy: " + c);
        }
    }

    @Test
    void healRemovesJumpsChainAndNetemForBothIptablesFrontEnds() {
        assertEquals("for ipt in iptables-nft iptables-legacy; do command -v $ipt >/dev/null 2>&1 || continue; "
                + "while $ipt -w -D OUTPUT -j CHAOSKV 2>/dev/null; do :; done; while $ipt -w -D INPUT -j CHAOSKV 2>/dev/null; do :; done; "
                + "$ipt -w -F CHAOSKV 2>/dev/null; $ipt -w -X CHAOSKV 2>/dev/null; done; "
                + "for d in $(ls /sys/class/net); do tc qdisc show dev \"$d\" root 2>/dev/null | grep -q ' cafe: ' && tc qdisc del dev \"$d\" root handle cafe:; done; true",
                IptablesCommands.healAll());
        assertTrue(IptablesCommands.verify().contains("grep -c -- 'CHAOSKV'"));
        assertTrue(IptablesCommands.verify().contains("cannot list the rules"), "a table it cannot read is not called clean");
    }

    @Test
    void sshIsNeverCut() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IptablesCommands.cut(new HostPort("198.18.0.3", 22), CutMode.BLACKHOLE, 22));
        assertEquals("refusing to cut port 22 of 198.18.0.3: it is an SSH port, and the control host's SSH is never cut", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IptablesCommands.cut(new HostPort("198.18.0.3", 2222), CutMode.DISCONNECT, 2222));
    }

    @Test
    void latencyIsNetemOnAPrioBandFilteredToThePeersPort() {
        assertEquals("ip=$(getent ahostsv4 198.18.0.3 | awk 'NR==1{print $1}') && [ -n \"$ip\" ] && "
                        + "dev=$(ip -o route get \"$ip\" | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p') && [ -n \"$dev\" ] && "
                        + "{ tc qdisc show dev \"$dev\" root | grep -q ' cafe: ' || tc qdisc add dev \"$dev\" root handle cafe: prio bands 4 "
                        + "priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1; } && tc qdisc replace dev \"$dev\" parent cafe:4 handle cb: netem delay 50ms 25ms && "
                        + "tc filter add dev \"$dev\" parent cafe: protocol ip prio 1 u32 match ip dst \"$ip\"/32 match ip dport 9001 0xffff flowid cafe:4",
                IptablesCommands.slow(N2, 50, 25));
    }

    @Test
    void lossAndRateAreNetemOnTheSameTreeSoHealStillRemovesThem() {
        String tree = "ip=$(getent ahostsv4 198.18.0.3 | awk 'NR==1{print $1}') && [ -n \"$ip\" ] && "
                + "dev=$(ip -o route get \"$ip\" | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p') && [ -n \"$dev\" ] && "
                + "{ tc qdisc show dev \"$dev\" root | grep -q ' cafe: ' || tc qdisc add dev \"$dev\" root handle cafe: prio bands 4 "
                + "priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1; } && tc qdisc replace dev \"$dev\" parent cafe:4 handle cb: netem ";
        String filter = " && tc filter add dev \"$dev\" parent cafe: protocol ip prio 1 u32 match ip dst \"$ip\"/32 match ip dport 9001 0xffff flowid cafe:4";
        assertEquals(tree + "loss 20%" + filter, IptablesCommands.loss(N2, 20));
        assertEquals(tree + "rate 512kbit" + filter, IptablesCommands.rate(N2, 64), "64 KB/s = 512 kbit/s");
        assertTrue(IptablesCommands.healAll().contains("tc qdisc del dev \"$d\" root handle cafe:"));
    }

    @Test
    void slicingIsRefusedAndRateAndLossNeedNetem() {
        assertTrue(IptablesFaults.refused(LinkFault.Kind.SLICER, true).contains("slicer needs --net toxiproxy"));
        assertEquals(null, IptablesFaults.refused(LinkFault.Kind.BANDWIDTH, true));
        assertEquals(null, IptablesFaults.refused(LinkFault.Kind.RESET_PEER, false));
        assertEquals("not every host has tc netem (sch_netem): packet-loss is skipped in iptables mode",
                IptablesFaults.refused(LinkFault.Kind.PACKET_LOSS, false));
    }

    @Test
    void resetPeerIsAOneWayTcpResetRuleOnThePeersKvnodePortOnly() {
        assertEquals(IptablesCommands.setup() + " && iptables -w -A CHAOSKV -p tcp -d 198.18.0.3 --dport 9001 -j REJECT --reject-with tcp-reset",
                IptablesCommands.resetPeer(N2, 22));
        assertTrue(IptablesCommands.uncut(N2, 22).contains("-D CHAOSKV -p tcp -d 198.18.0.3 --dport 9001 -j REJECT --reject-with tcp-reset"),
                "healed like a cut");
        assertThrows(IllegalArgumentException.class, () -> IptablesCommands.resetPeer(new HostPort("198.18.0.3", 2222), 2222));
    }

    @Test
    void privilegedCommandsGoThroughSudoOnlyWhenBecomeIsSetAndTheUserIsNotRoot() {
        RemoteHost ops = host("ops", true);
        assertEquals("sudo -n sh -c 'iptables -w -S CHAOSKV'", SshHost.privileged(ops, "iptables -w -S CHAOSKV"));
        assertEquals("iptables -V", SshHost.privileged(host("root", true), "iptables -V"));
        assertEquals("iptables -V", SshHost.privileged(host("ops", false), "iptables -V"));
        assertEquals("sudo -n sh -c ''\"'\"'/srv/kv node/bin/kvnodectl'\"'\"' kill'",
                RemoteCluster.ctl(new RemoteHost("h", "a", 22, "ops", Optional.empty(), true, "n1", N2, "/srv/kv node",
                        "/srv/kv node/data", "/srv/kv node/log", 9101, List.of(), new HostPort("127.0.0.1", 8474)), "kill"));
        assertEquals("/opt/kvnode/bin/kvnodectl pause", RemoteCluster.ctl(host("root", false), "pause"));
    }

    private static RemoteHost host(String user, boolean become) {
        return new RemoteHost("h", "198.18.0.2", 22, user, Optional.empty(), become, "n1", N2, "/opt/kvnode", "/opt/kvnode/data",
                "/opt/kvnode/log/kvnode.log", 9101, List.of(), new HostPort("127.0.0.1", 8474));
    }
}
