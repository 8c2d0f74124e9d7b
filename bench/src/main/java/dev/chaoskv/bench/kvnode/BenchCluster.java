package dev.chaoskv.bench.kvnode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.client.launch.KvnodeLauncher;
import dev.chaoskv.client.KvClient;
import dev.chaoskv.common.FreePorts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A local cluster of real kvnode processes (separate JVMs from this jar) for benchmarks. Nodes
 * are n1..nN; everything lives in one temp dir that {@link #close()} removes, also on Ctrl-C.
 */
final class BenchCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final int[] ports;
    private final List<String> nodeArgs;
    private final Process[] procs;
    private final Thread cleanup = new Thread(this::stopAll);

    BenchCluster(int nodes, List<String> nodeArgs) throws IOException {
        this.dir = Files.createTempDirectory("kvnode-bench-");
        this.ports = FreePorts.take(nodes);
        this.nodeArgs = List.copyOf(nodeArgs);
        this.procs = new Process[nodes];
        Runtime.getRuntime().addShutdownHook(cleanup);
        for (int i = 0; i < nodes; i++) start(i);
    }

    int size() {
        return ports.length;
    }

    int port(int i) {
        return ports[i];
    }

    Map<String, InetSocketAddress> directory() {
        Map<String, InetSocketAddress> d = new HashMap<>();
        for (int i = 0; i < ports.length; i++) d.put("n" + (i + 1), new InetSocketAddress("127.0.0.1", ports[i]));
        return d;
    }

    void start(int i) throws IOException {
        List<String> jvm = new ArrayList<>(List.of("-XX:+UseParallelGC", "-Xmx2g"));
        // e.g. KVNODE_BENCH_JVM_OPTS="-XX:StartFlightRecording=duration=20s,filename=/tmp/{node}.jfr" to profile the nodes
        String extra = System.getenv("KVNODE_BENCH_JVM_OPTS");
        if (extra != null && !extra.isBlank()) jvm.addAll(List.of(extra.trim().replace("{node}", "n" + (i + 1)).split("\\s+")));
        List<String> args = new ArrayList<>(List.of("--id", "n" + (i + 1), "--port", String.valueOf(ports[i]),
                "--data-dir", dir.resolve("n" + (i + 1)).toString()));
        StringBuilder peers = new StringBuilder();
        for (int j = 0; j < ports.length; j++) {
            if (j == i) continue;
            if (peers.length() > 0) peers.append(',');
            peers.append("n").append(j + 1).append("=127.0.0.1:").append(ports[j]);
        }
        if (peers.length() > 0) args.addAll(List.of("--peers", peers.toString()));
        args.addAll(nodeArgs);
        procs[i] = KvnodeLauncher.withJvmOptions(jvm).start(args, dir.resolve("n" + (i + 1) + ".log"));
    }

    /** CPU time (user + system) all live node processes have used so far, in nanoseconds. */
    long nodesCpuNanos() {
        long total = 0;
        for (Process p : procs) {
            if (p != null) total += p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
        }
        return total;
    }

    /** kill -9. */
    void kill(int i) throws InterruptedException {
        procs[i].destroyForcibly();
        procs[i].waitFor();
    }

    JsonNode status(int i) {
        try (KvClient c = new KvClient(new InetSocketAddress("127.0.0.1", ports[i]), Map.of(), Duration.ofSeconds(2), Duration.ofMillis(500), 0)) {
            return JSON.readTree(c.status());
        } catch (IOException e) {
            return null;
        }
    }

    /** Index of the node reporting itself leader, or -1. */
    int leader() {
        for (int i = 0; i < ports.length; i++) {
            if (procs[i] == null || !procs[i].isAlive()) continue;
            JsonNode s = status(i);
            if (s != null && "leader".equals(s.path("role").asText())) return i;
        }
        return -1;
    }

    int awaitLeader(Duration timeout) throws InterruptedException {
        int[] l = new int[1];
        await("a leader", timeout, () -> (l[0] = leader()) >= 0);
        return l[0];
    }

    /** Waits until every live node applied everything the leader committed. */
    void awaitConverged(Duration timeout) throws InterruptedException {
        await("convergence", timeout, () -> {
            int l = leader();
            if (l < 0) return false;
            long commit = status(l).path("commitLsn").asLong();
            for (int i = 0; i < ports.length; i++) {
                JsonNode s = status(i);
                if (s == null || s.path("appliedLsn").asLong() < commit) return false;
            }
            return true;
        });
    }

    static void await(String what, Duration timeout, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) return;
            Thread.sleep(20);
        }
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }

    private void stopAll() {
        for (Process p : procs) if (p != null) p.destroyForcibly();
        for (Process p : procs) {
            if (p == null) continue;
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }
}
