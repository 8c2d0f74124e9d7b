package dev.chaoskv.chaos.remote;

import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.chaos.remote.inventory.RemoteHost;
import dev.chaoskv.chaos.remote.inventory.RemoteInventory;
import dev.chaoskv.chaos.remote.ssh.CommandResult;
import dev.chaoskv.chaos.remote.ssh.Shell;
import dev.chaoskv.chaos.remote.ssh.SshConnections;
import dev.chaoskv.chaos.remote.ssh.SshException;
import dev.chaoskv.chaos.remote.ssh.SshHost;
import dev.chaoskv.common.HostPort;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The kvnodes an Ansible inventory deployed, driven over SSH through each host's
 * {@code kvnodectl} (start, stop, kill -9, pause, resume, status). Ansible wired the nodes' peers
 * (directly, or through the host's Toxiproxy); the runner does not rewire them. Each run starts
 * from empty data: {@link #launch} stops every node, empties {@code kvnode_data_dir} and starts
 * them again. At the end the nodes keep running, as deployed; their logs (this run's part) and
 * {@code kvnodectl status} are brought home to {@code nodes/<id>/}.
 */
public final class RemoteCluster implements Cluster {
    /** kvnodectl start waits up to 30 s for the node's port. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(45);
    private static final Duration CTL_TIMEOUT = Duration.ofSeconds(20);

    private final RemoteInventory inventory;
    private final SshConnections ssh;
    private final Path nodesDir;
    private final Consumer<String> events;
    /** Node id -> length of its log before this run, so that only this run's part is brought home. */
    private final Map<String, Long> logStart = new ConcurrentHashMap<>();
    private List<String> collectProblems;

    /**
     * @param events told (before the action) each thing done to a node, for the fault ledger
     */
    public RemoteCluster(RemoteInventory inventory, SshConnections ssh, Path nodesDir, Consumer<String> events) {
        this.inventory = inventory;
        this.ssh = ssh;
        this.nodesDir = nodesDir;
        this.events = events;
    }

    /** The command line of one kvnodectl action on a host (through sudo -n when it needs root). Pure. */
    public static String ctl(RemoteHost h, String action) {
        return SshHost.privileged(h, Shell.quote(h.kvnodectl()) + " " + action);
    }

    /** Stops the node and empties its data directory (never "/": the inventory refuses that). Pure. */
    static String wipe(RemoteHost h) {
        return SshHost.privileged(h, Shell.quote(h.kvnodectl()) + " stop && rm -rf -- " + Shell.quote(h.dataDir())
                + " && mkdir -p -- " + Shell.quote(h.dataDir()) + " && { wc -c < " + Shell.quote(h.logFile()) + " 2>/dev/null || echo 0; }");
    }

    @Override
    public List<String> nodeIds() {
        return inventory.nodeIds();
    }

    @Override
    public Map<String, HostPort> addresses() {
        Map<String, HostPort> m = new LinkedHashMap<>();
        for (RemoteHost h : inventory.hosts()) m.put(h.nodeId(), h.node());
        return m;
    }

    private SshHost on(String id) {
        return ssh.get(inventory.byNode(id));
    }

    /** Empties every node's data and starts them all (the links were wired by Ansible). */
    @Override
    public void launch(Map<String, HostPort> links) throws IOException {
        events.accept("wipe");
        var wiped = PerHost.run(inventory.hosts(), h -> {
            CommandResult r = ssh.get(h).exec(wipe(h), CTL_TIMEOUT);
            if (!r.ok()) throw new IOException("host " + h.label() + ": cannot stop node " + h.nodeId() + " and empty "
                    + h.dataDir() + ": " + r.failure());
            logStart.put(h.nodeId(), parseLength(r.stdout()));
            return r;
        });
        List<String> failed = PerHost.failures(wiped);
        if (!failed.isEmpty()) throw new IOException(String.join("; ", failed));
        var started = PerHost.run(inventory.nodeIds(), id -> {
            start(id);
            return true;
        });
        failed = PerHost.failures(started);
        if (!failed.isEmpty()) throw new IOException(String.join("; ", failed));
    }

    private static long parseLength(String stdout) {
        String[] lines = stdout.strip().split("\n");
        try {
            return Long.parseLong(lines[lines.length - 1].strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void start(String id) throws IOException {
        RemoteHost h = inventory.byNode(id);
        events.accept("start " + id);
        CommandResult r = ssh.get(h).exec(ctl(h, "start"), START_TIMEOUT);
        if (!r.ok()) {
            throw new IOException("host " + h.label() + ": node " + id + " did not start (" + r.failure() + "); see "
                    + h.logFile() + " there, or run " + h.kvnodectl() + " start on the host");
        }
    }

    @Override
    public void kill(String id) {
        events.accept("kill " + id);
        act(id, "kill");
    }

    @Override
    public void pause(String id) {
        events.accept("pause " + id);
        act(id, "pause");
    }

    @Override
    public void resume(String id) {
        act(id, "resume");
    }

    /** A fault the nemesis applies: one that fails is reported, not silently ignored. */
    private void act(String id, String action) {
        RemoteHost h = inventory.byNode(id);
        try {
            CommandResult r = ssh.get(h).exec(ctl(h, action), CTL_TIMEOUT);
            // kill/pause/resume of a node that is not running fail with exit 1: nothing to do then.
            if (!r.ok() && r.timedOut()) throw new IllegalStateException("host " + h.label() + ": kvnodectl " + action + " " + r.failure());
        } catch (SshException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Resumes every node and starts the ones not running; every host is tried, each failure named. */
    @Override
    public List<String> heal() {
        var results = PerHost.run(inventory.hosts(), h -> {
            SshHost s = ssh.get(h);
            s.exec(ctl(h, "resume"), CTL_TIMEOUT);
            CommandResult st = s.exec(ctl(h, "status"), CTL_TIMEOUT);
            if (st.exitStatus() == 3) start(h.nodeId());
            else if (!st.ok()) throw new IOException("host " + h.label() + ": kvnodectl status " + st.failure());
            return true;
        });
        List<String> problems = new ArrayList<>();
        results.forEach((h, r) -> {
            if (!r.ok()) problems.add(h.nodeId() + " on " + r.failure().getMessage());
        });
        return problems;
    }

    /** "running", "paused" or "stopped", from kvnodectl status; an SSH failure is thrown. */
    String state(String id) throws SshException {
        RemoteHost h = inventory.byNode(id);
        CommandResult r = ssh.get(h).exec(ctl(h, "status"), CTL_TIMEOUT);
        String out = r.stdout().strip();
        if (r.exitStatus() == 3) return "stopped";
        if (r.exitStatus() == 0 && out.contains(" paused")) return "paused";
        if (r.exitStatus() == 0) return "running";
        throw new SshException(SshException.Kind.CHANNEL, "host " + h.label() + ": kvnodectl status " + r.failure(), null);
    }

    @Override
    public boolean running(String id) {
        try {
            return !state(id).equals("stopped");
        } catch (SshException e) {
            return false;
        }
    }

    @Override
    public int exitCode(String id) {
        return -1;
    }

    @Override
    public boolean stopped(String id) {
        try {
            return state(id).equals("paused");
        } catch (SshException e) {
            return false;
        }
    }

    /** This run's part of the node's log, brought home first (best effort) so that messages can point at it. */
    @Override
    public Path logFile(String id) {
        Path local = nodesDir.resolve(id).resolve("node.log");
        try {
            fetchLog(id, local);
        } catch (IOException | RuntimeException ignored) {
            // the message that points here says where the log is on the host too
        }
        return local;
    }

    private void fetchLog(String id, Path local) throws IOException {
        RemoteHost h = inventory.byNode(id);
        Path whole = local.resolveSibling("node.log.whole");
        if (!on(id).download(h.logFile(), whole)) return;
        long skip = logStart.getOrDefault(id, 0L);
        try (InputStream in = Files.newInputStream(whole); OutputStream out = Files.newOutputStream(local)) {
            if (in.skip(skip) < skip) in.transferTo(OutputStream.nullOutputStream());
            in.transferTo(out);
        } finally {
            Files.deleteIfExists(whole);
        }
    }

    /** The data stays on the hosts until the next run empties it. */
    @Override
    public void discardData() {
    }

    /**
     * Brings home each node's log and {@code kvnodectl status}; the nodes keep running, as
     * Ansible deployed them. Returns the problems met (a host that cannot be reached).
     */
    public synchronized List<String> collect() {
        if (collectProblems != null) return collectProblems;
        var results = PerHost.run(inventory.hosts(), h -> {
            Path dir = nodesDir.resolve(h.nodeId());
            Files.createDirectories(dir);
            CommandResult st = ssh.get(h).exec(ctl(h, "status"), CTL_TIMEOUT);
            Files.writeString(dir.resolve("status.txt"), st.stdout() + st.stderr() + "(exit " + st.exitStatus() + ")\n");
            fetchLog(h.nodeId(), dir.resolve("node.log"));
            return true;
        });
        List<String> problems = new ArrayList<>();
        results.forEach((h, r) -> {
            if (!r.ok()) problems.add("cannot bring home the log of " + h.nodeId() + ": " + r.failure().getMessage());
        });
        collectProblems = List.copyOf(problems);
        return collectProblems;
    }

    @Override
    public void stop() {
        collect();
    }
}
