package dev.chaoskv.chaos.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.nemesis.FaultLedger;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.network.NetworkFaults;
import dev.chaoskv.chaos.remote.inventory.RemoteHost;
import dev.chaoskv.chaos.remote.inventory.RemoteInventory;
import dev.chaoskv.chaos.remote.net.IptablesFaults;
import dev.chaoskv.chaos.remote.net.NetMode;
import dev.chaoskv.chaos.remote.net.RemoteToxiproxyFaults;
import dev.chaoskv.chaos.remote.ssh.CommandResult;
import dev.chaoskv.chaos.remote.ssh.SshConnections;
import dev.chaoskv.chaos.run.ChaosRun;
import dev.chaoskv.chaos.run.Deployment;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run on an inventory's hosts: {@link RemoteCluster} for the nodes, iptables or the hosts'
 * Toxiproxies for the links. Every remote command's exit status and error output go to
 * {@code ssh-commands.jsonl} in the run folder (commands and outputs only: no key material
 * ever passes through a command).
 */
public final class RemoteDeployment implements Deployment {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RemoteInventory inventory;
    private final NetMode net;
    private final SshConnections ssh;
    private final CommandLog log;
    private final Map<String, ClockOffset> clocks;
    private final List<FaultKind.Skipped> skipped;
    private final boolean netem;
    private RemoteCluster cluster;

    /**
     * @param clocks  each host's clock offset, measured at start (by the doctor's checks)
     * @param skipped requested faults the hosts cannot do (latency without netem)
     * @param netem   whether every host has sch_netem (iptables mode: latency, bandwidth, packet loss)
     */
    public RemoteDeployment(RemoteInventory inventory, NetMode net, SshConnections ssh, CommandLog log,
                            Map<String, ClockOffset> clocks, List<FaultKind.Skipped> skipped, boolean netem) {
        this.inventory = inventory;
        this.net = net;
        this.ssh = ssh;
        this.log = log;
        this.clocks = Map.copyOf(clocks);
        this.skipped = List.copyOf(skipped);
        this.netem = netem;
    }

    /** Buffers the commands run before the run folder exists, then appends each to ssh-commands.jsonl. */
    public static final class CommandLog implements java.util.function.Consumer<CommandResult>, AutoCloseable {
        private final List<CommandResult> early = new ArrayList<>();
        private OutputStream out;

        @Override
        public synchronized void accept(CommandResult r) {
            if (out == null) {
                early.add(r);
                return;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("host", r.host());
            m.put("command", r.command());
            m.put("exit", r.exitStatus());
            m.put("timedOut", r.timedOut());
            m.put("ms", r.took().toMillis());
            m.put("stderr", r.stderr());
            try {
                out.write((JSON.writeValueAsString(m) + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException ignored) {
                // the log is for post-mortems; a full disk shows elsewhere first
            }
        }

        synchronized void openIn(Path runDir) throws IOException {
            out = new FileOutputStream(runDir.resolve("ssh-commands.jsonl").toFile(), true);
            List<CommandResult> before = List.copyOf(early);
            early.clear();
            before.forEach(this::accept);
        }

        @Override
        public synchronized void close() {
            try {
                if (out != null) out.close();
            } catch (IOException ignored) {
                // best effort
            }
        }
    }

    @Override
    public NetworkFaults openNetwork() {
        return net == NetMode.IPTABLES ? new IptablesFaults(inventory, ssh, netem)
                : new RemoteToxiproxyFaults(inventory, ssh);
    }

    @Override
    public Map<String, Object> ledgerRecord(NetworkFaults network) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inventory", inventory.file().toAbsolutePath().toString());
        m.put("hosts", inventory.hosts().stream().map(RemoteHost::name).toList());
        m.put("net", net.wireName());
        return m;
    }

    @Override
    public ClusterPlan plan(int count) {
        return ClusterPlan.of(inventory.nodeIds());
    }

    @Override
    public Cluster cluster(ClusterPlan plan, Path nodesDir, FaultLedger ledger) throws IOException, ChaosRun.HarnessException {
        log.openIn(nodesDir.getParent());
        cluster = new RemoteCluster(inventory, ssh, nodesDir, what -> ledger.append("remote-node", Map.of("action", what)));
        return cluster;
    }

    @Override
    public List<FaultKind.Skipped> skippedFaults() {
        return skipped;
    }

    @Override
    public Map<String, Object> runJson() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("inventory", inventory.file().toAbsolutePath().toString());
        r.put("network", net.wireName());
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (RemoteHost h : inventory.hosts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", h.name());
            m.put("node", h.nodeId());
            m.put("ssh", h.user() + "@" + h.address() + ":" + h.sshPort());
            m.put("address", h.node().toString());
            ClockOffset c = clocks.get(h.name());
            m.put("clockOffsetMs", c == null ? null : c.offsetMs());
            m.put("clockRttMs", c == null ? null : c.rttMs());
            hosts.add(m);
        }
        r.put("hosts", hosts);
        r.put("skippedFaultKinds", skipped.stream().map(FaultKind.Skipped::value).toList());
        r.put("sshKnownHosts", ssh.settings().knownHosts().toString());
        r.put("sshInsecureAcceptNew", ssh.settings().insecureAcceptNew());
        r.put("hostKeysAcceptedUnverified", ssh.acceptedNewHostKeys());
        if (cluster != null) r.put("collectProblems", cluster.collect());
        return Map.of("remote", r);
    }
}
