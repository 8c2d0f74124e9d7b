package dev.chaoskv.chaos.cluster;

import dev.chaoskv.client.launch.KvnodeLauncher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Real kvnode processes (one JVM each) on loopback: start, kill -9, restart, pause, resume, stop.
 * Each node's data and log live under {@code nodes/<id>/} of the run folder.
 */
public final class LocalCluster implements AutoCloseable {
    private final Path nodesDir;
    private final Map<String, NodeProcess> nodes = new LinkedHashMap<>();
    private final Map<String, List<String>> args = new LinkedHashMap<>();
    private final KvnodeLauncher launcher;
    private final BiConsumer<String, Long> onStart;

    /**
     * @param onStart called with (node id, pid) after every start, so the fault ledger knows which
     *                processes belong to the run
     */
    public LocalCluster(Path nodesDir, List<String> jvmOptions, BiConsumer<String, Long> onStart) {
        this.nodesDir = nodesDir;
        this.launcher = KvnodeLauncher.withJvmOptions(jvmOptions);
        this.onStart = onStart;
    }

    /** Registers a node; {@code nodeArgs} are kvnode flags from {@link ClusterPlan#nodeArgs}. */
    public void add(String id, int port, String clientAddress, List<String> nodeArgs) {
        nodes.put(id, new NodeProcess(id, port, clientAddress));
        args.put(id, List.copyOf(nodeArgs));
    }

    public Path dataDir(String id) {
        return nodesDir.resolve(id).resolve("data");
    }

    public Path logFile(String id) {
        return nodesDir.resolve(id).resolve("node.log");
    }

    public List<NodeProcess> nodes() {
        return List.copyOf(nodes.values());
    }

    public NodeProcess node(String id) {
        NodeProcess n = nodes.get(id);
        if (n == null) throw new IllegalArgumentException("no node " + id);
        return n;
    }

    /** The command line that starts a node. */
    public List<String> command(String id) {
        return launcher.command(args.get(id));
    }

    public synchronized void start(String id) throws IOException {
        NodeProcess n = node(id);
        if (n.running()) return;
        Files.createDirectories(dataDir(id));
        Process p = launcher.start(args.get(id), logFile(id));
        n.process(p);
        n.paused(false);
        onStart.accept(id, p.pid());
    }

    public void startAll() throws IOException {
        for (String id : nodes.keySet()) start(id);
    }

    /** kill -9 (SIGKILL: no shutdown hook, no flush) and wait for the process to be gone. */
    public synchronized void kill(String id) {
        NodeProcess n = node(id);
        Process p = n.process();
        if (p == null) return;
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        n.paused(false);
    }

    public synchronized void pause(String id) {
        NodeProcess n = node(id);
        if (n.running() && Signals.send(n.pid(), "STOP")) n.paused(true);
    }

    public synchronized void resume(String id) {
        NodeProcess n = node(id);
        if (n.running()) Signals.send(n.pid(), "CONT");
        n.paused(false);
    }

    /** Undoes every process fault: resume the paused, restart the dead. Returns problems met. */
    public List<String> heal() {
        List<String> problems = new ArrayList<>();
        for (NodeProcess n : nodes.values()) {
            try {
                // Resume even if we did not record a pause: SIGCONT on a running process is harmless.
                if (n.running()) Signals.send(n.pid(), "CONT");
                n.paused(false);
                if (!n.running()) start(n.id());
            } catch (IOException | RuntimeException e) {
                problems.add(n.id() + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** Stops every node: resume (a stopped process cannot die gracefully), then SIGKILL. */
    @Override
    public synchronized void close() {
        for (NodeProcess n : nodes.values()) {
            Process p = n.process();
            if (p == null || !p.isAlive()) continue;
            Signals.send(p.pid(), "CONT");
            p.destroyForcibly();
        }
        for (NodeProcess n : nodes.values()) {
            Process p = n.process();
            if (p == null) continue;
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

}
