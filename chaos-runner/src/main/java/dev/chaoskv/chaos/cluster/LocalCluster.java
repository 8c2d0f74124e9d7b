package dev.chaoskv.chaos.cluster;

import dev.chaoskv.common.HostPort;

import dev.chaoskv.client.launch.KvnodeLauncher;
import dev.chaoskv.common.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Real kvnode processes (one JVM each) on this machine's loopback: start, kill -9, restart, pause,
 * resume, stop. Each node's data and log live under {@code nodes/<id>/} of the run folder.
 */
public final class LocalCluster implements Cluster {
    /** The runner, Toxiproxy and every node share this machine. */
    private static final String HOST = "127.0.0.1";
    /** kvnode's exit code when it cannot start (a port it cannot bind among other reasons). */
    private static final int START_FAILURE = 2;

    private final ClusterPlan plan;
    private final Path nodesDir;
    private final List<String> kvnodeArgs;
    private final Map<String, HostPort> addresses = new LinkedHashMap<>();
    private final Map<String, List<String>> args = new ConcurrentHashMap<>();
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final KvnodeLauncher launcher;
    private final BiConsumer<String, Long> onStart;
    private volatile Map<String, HostPort> links = Map.of();
    /** Set by {@link #stop}: a signal's teardown may stop the cluster while the run is still starting nodes. */
    private boolean stopping;

    private LocalCluster(ClusterPlan plan, Path nodesDir, List<String> jvmOptions, List<String> kvnodeArgs,
                         BiConsumer<String, Long> onStart) throws IOException {
        this.plan = plan;
        this.nodesDir = nodesDir;
        this.kvnodeArgs = List.copyOf(kvnodeArgs);
        this.launcher = KvnodeLauncher.withJvmOptions(jvmOptions);
        this.onStart = onStart;
        int[] ports = FreePorts.take(plan.size());
        for (int i = 0; i < plan.size(); i++) addresses.put(plan.nodeIds().get(i), new HostPort(HOST, ports[i]));
    }

    /**
     * A cluster of the plan's nodes on free loopback ports, not started yet.
     *
     * @param kvnodeArgs extra kvnode flags for every node
     * @param onStart    called with (node id, pid) after every start, so the fault ledger knows which
     *                   processes belong to the run
     */
    public static LocalCluster onFreePorts(ClusterPlan plan, Path nodesDir, List<String> jvmOptions,
                                           List<String> kvnodeArgs, BiConsumer<String, Long> onStart)
            throws IOException {
        return new LocalCluster(plan, nodesDir, jvmOptions, kvnodeArgs, onStart);
    }

    /** What such a cluster is, before it exists (for {@code --dry-run}). */
    public static String describe(ClusterPlan plan) {
        return plan.size() + " kvnode processes on " + HOST + " (ports chosen at run time)";
    }

    @Override
    public List<String> nodeIds() {
        return plan.nodeIds();
    }

    @Override
    public Map<String, HostPort> addresses() {
        return Collections.unmodifiableMap(addresses);
    }

    private Path dataDir(String id) {
        return nodesDir.resolve(id).resolve("data");
    }

    @Override
    public Path logFile(String id) {
        return nodesDir.resolve(id).resolve("node.log");
    }

    @Override
    public void launch(Map<String, HostPort> links) throws IOException {
        this.links = Map.copyOf(links);
        for (String id : plan.nodeIds()) {
            args.put(id, plan.nodeArgs(id, addresses.get(id), dataDir(id).toString(), links, kvnodeArgs));
        }
        for (String id : plan.nodeIds()) start(id);
    }

    @Override
    public synchronized void start(String id) throws IOException {
        if (running(id)) return;
        if (stopping) throw new IOException("not starting " + id + ": the cluster is being stopped");
        List<String> nodeArgs = args.get(id);
        if (nodeArgs == null) throw new IllegalStateException("node " + id + " was never launched");
        Files.createDirectories(dataDir(id));
        Process p = launcher.start(nodeArgs, logFile(id));
        processes.put(id, p);
        onStart.accept(id, p.pid());
    }

    /**
     * Ports are chosen free and released before the nodes bind them, so another process can
     * take one in between; kvnode then exits 2 with "cannot listen on host:port" in its log.
     */
    @Override
    public synchronized Optional<HostPort> movePortIfTaken(String id) throws IOException {
        Process p = process(id);
        if (p == null || p.isAlive() || p.exitValue() != START_FAILURE || !Files.exists(logFile(id))) return Optional.empty();
        HostPort old = addresses.get(id);
        String log = Files.readString(logFile(id));
        if (!log.contains("cannot listen on " + old + ": ") || !log.contains("in use")) return Optional.empty();
        HostPort moved = new HostPort(HOST, FreePorts.one());
        addresses.put(id, moved);
        args.put(id, plan.nodeArgs(id, moved, dataDir(id).toString(), links, kvnodeArgs));
        return Optional.of(moved);
    }

    @Override
    public synchronized void kill(String id) {
        Process p = process(id);
        if (p == null) return;
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void pause(String id) {
        if (running(id)) Signals.send(process(id).pid(), "STOP");
    }

    @Override
    public synchronized void resume(String id) {
        if (running(id)) Signals.send(process(id).pid(), "CONT");
    }

    @Override
    public List<String> heal() {
        List<String> problems = new ArrayList<>();
        for (String id : plan.nodeIds()) {
            try {
                // Resume even if we did not record a pause: SIGCONT on a running process is harmless.
                resume(id);
                if (!running(id)) start(id);
            } catch (IOException | RuntimeException e) {
                problems.add(id + ": " + e.getMessage());
            }
        }
        return problems;
    }

    @Override
    public boolean running(String id) {
        Process p = process(id);
        return p != null && p.isAlive();
    }

    @Override
    public int exitCode(String id) {
        Process p = process(id);
        return p == null ? -1 : p.exitValue();
    }

    @Override
    public boolean stopped(String id) {
        return running(id) && Signals.state(process(id).pid()).orElse('?') == 'T';
    }

    @Override
    public void discardData() {
        for (String id : plan.nodeIds()) {
            Path data = dataDir(id);
            if (!Files.exists(data)) continue;
            try (Stream<Path> s = Files.walk(data)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // leaving data behind is harmless
            }
        }
    }

    /** Resumes every node (a stopped process cannot die gracefully), then SIGKILL. */
    @Override
    public synchronized void stop() {
        stopping = true;
        for (String id : plan.nodeIds()) {
            Process p = process(id);
            if (p == null || !p.isAlive()) continue;
            Signals.send(p.pid(), "CONT");
            p.destroyForcibly();
        }
        for (String id : plan.nodeIds()) {
            Process p = process(id);
            if (p == null) continue;
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Process process(String id) {
        if (!addresses.containsKey(id)) throw new IllegalArgumentException("no node " + id);
        return processes.get(id);
    }
}
