package dev.chaoskv.chaos.remote;

import dev.chaoskv.chaos.remote.inventory.RemoteHost;
import dev.chaoskv.chaos.remote.inventory.RemoteInventory;
import dev.chaoskv.chaos.remote.net.IptablesCommands;
import dev.chaoskv.chaos.remote.net.NetMode;
import dev.chaoskv.chaos.remote.net.RemoteToxiproxyFaults;
import dev.chaoskv.chaos.network.ToxiproxyFaults;
import dev.chaoskv.chaos.remote.ssh.CommandResult;
import dev.chaoskv.chaos.remote.ssh.SshConnections;
import dev.chaoskv.chaos.remote.ssh.SshHost;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code chaos heal --inventory}: undoes on every host whatever a run may have left (the owned
 * iptables chain and netem tree, or toxics and disabled proxies on the host's Toxiproxy; a
 * paused or stopped node), then verifies it. A host that cannot be reached is retried, then
 * reported by name with what to do: never skipped silently.
 */
public final class RemoteHeal {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final RemoteInventory inventory;
    private final SshConnections ssh;
    private final NetMode net;
    private final int rounds;
    private final Duration pause;

    public RemoteHeal(RemoteInventory inventory, SshConnections ssh, NetMode net, int rounds, Duration pause) {
        this.inventory = inventory;
        this.ssh = ssh;
        this.net = net;
        this.rounds = rounds;
        this.pause = pause;
    }

    /** What the heal did (one line per item), and per host what could not be healed. */
    public record Report(List<String> done, Map<String, String> problems) {
    }

    public Report run() throws InterruptedException {
        List<String> done = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        List<RemoteHost> todo = new ArrayList<>(inventory.hosts());
        for (int round = 1; round <= rounds && !todo.isEmpty(); round++) {
            if (round > 1) Thread.sleep(pause.toMillis() * (round - 1));
            var results = PerHost.run(todo, this::heal);
            todo.clear();
            for (var e : results.entrySet()) {
                if (e.getValue().ok()) {
                    done.addAll(e.getValue().value());
                    problems.remove(e.getKey().name());
                } else {
                    problems.put(e.getKey().name(), e.getValue().failure().getMessage());
                    todo.add(e.getKey());
                }
            }
        }
        return new Report(done, problems);
    }

    /** Heals and verifies one host; throws naming the host if something is left. */
    private List<String> heal(RemoteHost h) throws IOException {
        SshHost s = ssh.get(h);
        List<String> done = new ArrayList<>();
        List<String> left = new ArrayList<>();
        if (net == NetMode.IPTABLES) {
            CommandResult before = root(s, h, IptablesCommands.verify());
            root(s, h, IptablesCommands.healAll());
            CommandResult after = root(s, h, IptablesCommands.verify());
            before.stdout().lines().filter(l -> !l.isBlank()).forEach(l -> done.add(h.name() + ": removed " + l.strip()));
            after.stdout().lines().filter(l -> !l.isBlank()).forEach(l -> left.add(l.strip()));
        } else {
            ToxiproxyClient c = ToxiproxyFaults.connect(RemoteToxiproxyFaults.apiUrl(h, ssh));
            for (Proxy p : c.getProxies()) {
                List<String> changed = ToxiproxyFaults.healProxy(p);
                if (!changed.isEmpty()) done.add(h.name() + ": proxy " + p.getName() + ": " + String.join("; ", changed));
            }
            for (Proxy p : c.getProxies()) {
                if (!p.isEnabled()) left.add("proxy " + p.getName() + " disabled");
                for (Toxic t : p.toxics().getAll()) left.add("proxy " + p.getName() + " toxic " + t.getName());
            }
        }
        CommandResult status = s.exec(RemoteCluster.ctl(h, "status"), TIMEOUT);
        if (status.exitStatus() == 0 && status.stdout().contains(" paused")) {
            s.exec(RemoteCluster.ctl(h, "resume"), TIMEOUT);
            done.add(h.name() + ": node " + h.nodeId() + " resumed (was paused)");
        } else if (status.exitStatus() == 3) {
            CommandResult start = s.exec(RemoteCluster.ctl(h, "start"), Duration.ofSeconds(45));
            if (start.ok()) done.add(h.name() + ": node " + h.nodeId() + " started (was stopped)");
            else left.add("node " + h.nodeId() + " does not start: " + start.failure());
        } else if (status.exitStatus() != 0) {
            left.add("kvnodectl status " + status.failure());
        }
        CommandResult now = s.exec(RemoteCluster.ctl(h, "status"), TIMEOUT);
        if (!(now.exitStatus() == 0 && now.stdout().contains(" running"))) left.add("node " + h.nodeId() + ": " + now.stdout().strip() + " " + now.stderr().strip());
        if (!left.isEmpty()) throw new IOException("host " + h.label() + ": still left after heal: " + String.join("; ", left));
        return done;
    }

    private static CommandResult root(SshHost s, RemoteHost h, String command) throws IOException {
        CommandResult r = s.execPrivileged(command, TIMEOUT);
        if (!r.ok()) throw new IOException("host " + h.label() + ": " + r.failure() + " (needs root: ansible_user root, or ansible_become with sudo -n)");
        return r;
    }
}
