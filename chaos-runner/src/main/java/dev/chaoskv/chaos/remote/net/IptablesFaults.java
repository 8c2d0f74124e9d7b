package dev.chaoskv.chaos.remote.net;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.network.CutMode;
import dev.chaoskv.chaos.network.LinkFault;
import dev.chaoskv.chaos.network.NetworkFaults;
import dev.chaoskv.chaos.remote.PerHost;
import dev.chaoskv.chaos.remote.inventory.RemoteHost;
import dev.chaoskv.chaos.remote.inventory.RemoteInventory;
import dev.chaoskv.chaos.remote.ssh.CommandResult;
import dev.chaoskv.chaos.remote.ssh.SshConnections;
import dev.chaoskv.chaos.remote.ssh.SshHost;
import dev.chaoskv.common.HostPort;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Network faults on real hosts with iptables (cuts) and tc netem (latency), over SSH, as root
 * ({@code sudo -n} where the inventory says become). Nodes and clients talk directly; a link
 * {@code a-to-b} is cut on a's host (see {@link IptablesCommands}).
 */
public final class IptablesFaults implements NetworkFaults {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final RemoteInventory inventory;
    private final SshConnections ssh;
    private final boolean netem;
    private final Map<String, ClusterPlan.ProxySpec> links = new LinkedHashMap<>();
    private String version = "unknown";

    /** @param netem whether the hosts have sch_netem (latency is only asked for when they do) */
    public IptablesFaults(RemoteInventory inventory, SshConnections ssh, boolean netem) {
        this.inventory = inventory;
        this.ssh = ssh;
        this.netem = netem;
    }

    private CommandResult run(RemoteHost h, String command, String what) throws IOException {
        CommandResult r = ssh.get(h).exec(SshHost.privileged(h, command), TIMEOUT);
        if (!r.ok()) throw new IOException("host " + h.label() + ": cannot " + what + ": " + r.failure());
        return r;
    }

    /** Direct links (no proxies); creates the chain and the jump on every host, after healing what an earlier run left. */
    @Override
    public Map<String, HostPort> wire(ClusterPlan plan, Map<String, HostPort> nodes, Consumer<List<String>> beforeCreating)
            throws IOException {
        beforeCreating.accept(List.of());
        Map<String, HostPort> out = new LinkedHashMap<>();
        for (ClusterPlan.ProxySpec p : plan.proxies()) {
            links.put(p.name(), p);
            out.put(p.name(), nodes.get(p.to()));
        }
        var done = PerHost.run(inventory.hosts(), h -> {
            run(h, IptablesCommands.healAll(), "remove the faults an earlier run left");
            run(h, IptablesCommands.setup(), "create the iptables chain " + IptablesCommands.CHAIN);
            return run(h, IptablesCommands.detectIptables(), "run iptables -V").stdout().strip();
        });
        List<String> failed = PerHost.failures(done);
        if (!failed.isEmpty()) throw new IOException(String.join("; ", failed));
        version = done.values().iterator().next().value();
        return out;
    }

    @Override
    public void reroute(String node, HostPort address) throws IOException {
        throw new IOException("node " + node + " cannot move: its port is set in the inventory");
    }

    private ClusterPlan.ProxySpec peerLink(String link) throws IOException {
        ClusterPlan.ProxySpec p = links.get(link);
        if (p == null) throw new IllegalArgumentException("no link named " + link);
        if (p.isClient()) throw new IOException("client links are not cut in iptables mode (" + link + ")");
        return p;
    }

    @Override
    public void cut(String link, CutMode mode) throws IOException {
        ClusterPlan.ProxySpec p = peerLink(link);
        RemoteHost to = inventory.byNode(p.to());
        run(inventory.byNode(p.from()), IptablesCommands.cut(to.node(), mode, to.sshPort()), "cut " + link);
    }

    @Override
    public void slow(String link, int latencyMs, int jitterMs) throws IOException {
        if (!netem) throw new IOException("latency needs sch_netem, which the hosts lack");
        ClusterPlan.ProxySpec p = peerLink(link);
        run(inventory.byNode(p.from()), IptablesCommands.slow(inventory.byNode(p.to()).node(), latencyMs, jitterMs), "slow " + link);
    }

    @Override
    public void degrade(String link, LinkFault fault) throws IOException {
        String why = unsupported(fault.kind());
        if (why != null) throw new UnsupportedOperationException(why);
        ClusterPlan.ProxySpec p = peerLink(link);
        RemoteHost to = inventory.byNode(p.to());
        String command;
        if (fault instanceof LinkFault.Bandwidth b) command = IptablesCommands.rate(to.node(), b.rateKBps());
        else if (fault instanceof LinkFault.PacketLoss l) command = IptablesCommands.loss(to.node(), l.percent());
        else if (fault instanceof LinkFault.ResetPeer r) command = IptablesCommands.resetPeer(to.node(), to.sshPort());
        else throw new UnsupportedOperationException(unsupported(fault.kind()));
        run(inventory.byNode(p.from()), command, "put " + fault.kind().wireName() + " on " + link);
    }

    /** Slicing has no iptables or netem equivalent; rate and loss need sch_netem. */
    @Override
    public String unsupported(LinkFault.Kind kind) {
        return refused(kind, netem);
    }

    /** Why the iptables mode cannot inject {@code kind} on hosts with (or without) sch_netem; null if it can. */
    public static String refused(LinkFault.Kind kind, boolean netem) {
        return switch (kind) {
            case SLICER -> "iptables and tc netem cannot slice a TCP stream into small writes: slicer needs --net toxiproxy";
            case BANDWIDTH, PACKET_LOSS -> netem ? null
                    : "not every host has tc netem (sch_netem): " + kind.wireName() + " is skipped in iptables mode";
            case RESET_PEER -> null;
        };
    }

    /** Removes the link's cut rules and its host's netem tree (latency is put on all peer links at once, and undone so). */
    @Override
    public void heal(String link) throws IOException {
        ClusterPlan.ProxySpec p = links.get(link);
        if (p == null) throw new IllegalArgumentException("no link named " + link);
        if (p.isClient()) return;
        RemoteHost to = inventory.byNode(p.to());
        run(inventory.byNode(p.from()), IptablesCommands.uncut(to.node(), to.sshPort()) + "; " + IptablesCommands.netemHeal() + "; true",
                "heal " + link);
    }

    /** Every host: jumps, chain and netem gone. Each host is tried; each failure names its host. */
    @Override
    public List<String> healAll() {
        return PerHost.failures(PerHost.run(inventory.hosts(), h -> run(h, IptablesCommands.healAll(), "heal its network faults")));
    }

    @Override
    public List<String> verifyHealed() {
        var results = PerHost.run(inventory.hosts(), h -> run(h, IptablesCommands.verify(), "check its network faults").stdout());
        List<String> left = new ArrayList<>();
        results.forEach((h, r) -> {
            if (!r.ok()) left.add(r.failure().getMessage());
            else r.value().lines().filter(l -> !l.isBlank()).forEach(l -> left.add("host " + h.name() + ": " + l.strip()));
        });
        return left;
    }

    @Override
    public String describe() {
        return "iptables chain " + IptablesCommands.CHAIN + " on " + inventory.hosts().size() + " hosts" + (netem ? ", netem" : ", no netem");
    }

    @Override
    public String url() {
        return "none";
    }

    @Override
    public String version() {
        return version;
    }

    /** The chain stays empty (healed) until the next run; nothing else to release. */
    @Override
    public void close() {
    }
}
