package dev.chaoskv.chaos.remote.doctor;

import dev.chaoskv.chaos.remote.ClockOffset;
import dev.chaoskv.chaos.remote.PerHost;
import dev.chaoskv.chaos.remote.RemoteCluster;
import dev.chaoskv.chaos.remote.inventory.RemoteHost;
import dev.chaoskv.chaos.remote.inventory.RemoteInventory;
import dev.chaoskv.chaos.remote.net.IptablesCommands;
import dev.chaoskv.chaos.remote.net.NetMode;
import dev.chaoskv.chaos.remote.net.RemoteToxiproxyFaults;
import dev.chaoskv.chaos.network.ToxiproxyFaults;
import dev.chaoskv.chaos.remote.ssh.CommandResult;
import dev.chaoskv.chaos.remote.ssh.Shell;
import dev.chaoskv.chaos.remote.ssh.SshConnections;
import dev.chaoskv.chaos.remote.ssh.SshException;
import dev.chaoskv.chaos.remote.ssh.SshHost;
import dev.chaoskv.common.HostPort;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a run on an inventory's hosts needs, checked host by host, each with the fix in
 * words: SSH (reachable, host key known, key accepted), root (sudo -n), iptables and netem
 * (iptables mode), kvnodectl and a running node, the node's ports, the Toxiproxy API (toxiproxy
 * mode), the clock. {@code chaos run --inventory} runs the same checks before anything else.
 */
public final class Doctor {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int CONNECT_MS = 3000;

    private final RemoteInventory inventory;
    private final SshConnections ssh;
    private final NetMode net;
    private final Duration maxClockOffset;

    public Doctor(RemoteInventory inventory, SshConnections ssh, NetMode net, Duration maxClockOffset) {
        this.inventory = inventory;
        this.ssh = ssh;
        this.net = net;
        this.maxClockOffset = maxClockOffset;
    }

    /** What the checks found: every line, each host's clock offset, and whether every host has netem. */
    public record Report(List<Check> checks, Map<String, ClockOffset> clocks, boolean netem) {
        public List<Check> failures() {
            return checks.stream().filter(Check::failed).toList();
        }
    }

    public Report run() {
        var results = PerHost.run(inventory.hosts(), this::checkHost);
        List<Check> checks = new ArrayList<>();
        Map<String, ClockOffset> clocks = new LinkedHashMap<>();
        boolean netem = true;
        for (var e : results.entrySet()) {
            HostReport r = e.getValue().ok() ? e.getValue().value()
                    : new HostReport(List.of(Check.fail(e.getKey().name(), "checks", String.valueOf(e.getValue().failure()), "see the error")), null, false);
            checks.addAll(r.checks);
            if (r.clock != null) clocks.put(e.getKey().name(), r.clock);
            netem &= r.netem;
        }
        return new Report(checks, clocks, netem);
    }

    private record HostReport(List<Check> checks, ClockOffset clock, boolean netem) {
    }

    private HostReport checkHost(RemoteHost h) {
        String n = h.name();
        List<Check> out = new ArrayList<>();
        SshHost s = ssh.get(h);
        try {
            s.connect();
            out.add(Check.ok(n, "ssh reachable", h.address() + ":" + h.sshPort()));
            out.add(s.acceptedNewHostKey()
                    ? Check.warn(n, "host key known", "NOT VERIFIED, accepted because of --ssh-insecure-accept-new: " + s.hostKey())
                    : Check.ok(n, "host key known", s.hostKey()));
            out.add(Check.ok(n, "key accepted", "user " + h.user() + h.keyFile().map(k -> ", key " + k).orElse("")));
        } catch (SshException e) {
            switch (e.kind()) {
                case HOST_KEY_UNKNOWN, HOST_KEY_CHANGED -> {
                    out.add(Check.ok(n, "ssh reachable", h.address() + ":" + h.sshPort()));
                    out.add(Check.fail(n, "host key known", e.getMessage(), "see the message"));
                }
                case AUTH_REFUSED -> {
                    out.add(Check.ok(n, "ssh reachable", h.address() + ":" + h.sshPort()));
                    out.add(Check.ok(n, "host key known", s.hostKey()));
                    out.add(Check.fail(n, "key accepted", e.getMessage(), "see the message"));
                }
                default -> out.add(Check.fail(n, "ssh reachable", e.getMessage(), "start the host or sshd, or correct ansible_host/ansible_port"));
            }
            out.add(Check.skip(n, "other checks", "need SSH"));
            return new HostReport(out, null, false);
        }
        boolean netem = false;
        ClockOffset clock = null;
        try {
            out.add(root(h, s));
            if (net == NetMode.IPTABLES) {
                CommandResult ipt = s.execPrivileged(IptablesCommands.detectIptables() + " && iptables -w -S OUTPUT >/dev/null", TIMEOUT);
                out.add(ipt.ok() ? Check.ok(n, "iptables", ipt.stdout().strip())
                        : Check.fail(n, "iptables", ipt.failure(), "install iptables (Debian: apt-get install iptables; the chaos_node role does) and run as root or with sudo"));
                CommandResult ne = s.execPrivileged(IptablesCommands.detectNetem(), TIMEOUT);
                netem = ne.ok();
                out.add(netem ? Check.ok(n, "netem", "tc netem works")
                        : Check.warn(n, "netem", "no tc netem (kernel module sch_netem or tc missing): latency faults will be skipped"));
            } else {
                out.add(Check.skip(n, "iptables", "not needed with --net toxiproxy"));
            }
            out.add(kvnodectl(h, s));
            out.add(port(n, "node port", h.node(), "start the node (kvnodectl start); check kvnode_host/kvnode_port and firewalls between here and the host"));
            if (net == NetMode.TOXIPROXY) {
                out.add(port(n, "client port", new HostPort(h.node().host(), h.clientPort()),
                        "the host's Toxiproxy must listen there (deploy with chaos_net: toxiproxy; check kvnode_client_port)"));
                out.add(toxiproxy(h));
            }
            out.add(peers(h, s));
            clock = clock(h, s);
            out.add(clock.within(maxClockOffset.toMillis())
                    ? Check.ok(n, "clock offset", clock.toString())
                    : Check.fail(n, "clock offset", clock + " exceeds " + maxClockOffset.toMillis() + " ms",
                    "synchronise the clock (chrony or systemd-timesyncd), or raise --max-clock-offset"));
        } catch (SshException e) {
            out.add(Check.fail(n, "ssh", e.getMessage(), "check that the host stays up"));
        }
        return new HostReport(out, clock, netem);
    }

    private Check root(RemoteHost h, SshHost s) throws SshException {
        if (h.root()) return Check.ok(h.name(), "root", "logged in as root");
        if (!h.become()) {
            return net == NetMode.IPTABLES
                    ? Check.fail(h.name(), "root", "user " + h.user() + " is not root and ansible_become is not set",
                    "set ansible_become: true (with passwordless sudo) or ansible_user: root: iptables needs root")
                    : Check.skip(h.name(), "root", "not needed: kvnodectl runs as " + h.user());
        }
        CommandResult r = s.exec("sudo -n true", TIMEOUT);
        return r.ok() ? Check.ok(h.name(), "sudo -n", "passwordless sudo works for " + h.user())
                : Check.fail(h.name(), "sudo -n", r.failure(), "allow " + h.user() + " sudo without a password (sudoers: "
                + h.user() + " ALL=(ALL) NOPASSWD: ALL), or log in as root");
    }

    private Check kvnodectl(RemoteHost h, SshHost s) throws SshException {
        CommandResult present = s.exec("test -x " + Shell.quote(h.kvnodectl()), TIMEOUT);
        if (!present.ok()) {
            return Check.fail(h.name(), "kvnodectl", "no executable " + h.kvnodectl(),
                    "deploy with ansible-playbook -i <inventory> ansible/site.yml, or set kvnode_home to where it is");
        }
        CommandResult st = s.exec(RemoteCluster.ctl(h, "status"), TIMEOUT);
        String line = st.stdout().strip();
        if (st.exitStatus() == 0 && line.contains(" running")) return Check.ok(h.name(), "kvnodectl", line);
        if (st.exitStatus() == 0) return Check.fail(h.name(), "kvnodectl", line, "resume it: " + h.kvnodectl() + " resume (or chaos heal --inventory)");
        if (st.exitStatus() == 3) return Check.fail(h.name(), "kvnodectl", line, "start it: " + h.kvnodectl() + " start (or chaos heal --inventory)");
        return Check.fail(h.name(), "kvnodectl", "status " + st.failure(), "see " + h.kvnodectl() + " --help on the host");
    }

    private static Check port(String host, String name, HostPort addr, String fix) {
        try (Socket sock = new Socket()) {
            sock.connect(new InetSocketAddress(addr.host(), addr.port()), CONNECT_MS);
            return Check.ok(host, name, addr + " accepts connections from here");
        } catch (IOException e) {
            return Check.fail(host, name, addr + ": " + e.getMessage(), fix);
        }
    }

    /** The host reaches every other node's port (bash's /dev/tcp; skipped where there is no bash). */
    private Check peers(RemoteHost h, SshHost s) throws SshException {
        List<String> bad = new ArrayList<>();
        for (RemoteHost o : inventory.hosts()) {
            if (o == h) continue;
            String probe = "command -v bash >/dev/null || exit 9; timeout 3 bash -c 'exec 3<>/dev/tcp/" + o.node().host() + "/" + o.node().port() + "'";
            CommandResult r = s.exec(probe, TIMEOUT);
            if (r.exitStatus() == 9) return Check.skip(h.name(), "peer ports", "no bash on the host to probe with");
            if (!r.ok()) bad.add(o.nodeId() + " at " + o.node());
        }
        return bad.isEmpty() ? Check.ok(h.name(), "peer ports", "reaches every other node's port")
                : Check.fail(h.name(), "peer ports", "cannot reach " + String.join(", ", bad),
                "open the kvnode port between the hosts (firewall), and remove leftover faults: chaos heal --inventory");
    }

    private Check toxiproxy(RemoteHost h) {
        try {
            String url = RemoteToxiproxyFaults.apiUrl(h, ssh);
            String version = ToxiproxyFaults.connect(url).version().replaceAll("[{}\"\\s]", "").replace("version:", "");
            return Check.ok(h.name(), "toxiproxy api", h.toxiproxyApi() + " on the host answers (version " + version + ")");
        } catch (IOException e) {
            return Check.fail(h.name(), "toxiproxy api", e.getMessage(),
                    "start it on the host (toxiproxyctl start), or deploy with chaos_net: toxiproxy; check toxiproxy_api_port");
        }
    }

    private static ClockOffset clock(RemoteHost h, SshHost s) throws SshException {
        ClockOffset best = null;
        for (long[] sample : s.clockSamples(8, TIMEOUT)) { // the fastest round trip bounds the error best
            ClockOffset c = ClockOffset.of(h.name(), sample[0], sample[1], sample[2]);
            if (best == null || c.rttMs() < best.rttMs()) best = c;
        }
        return best;
    }
}
