package dev.chaoskv.kvnode.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.kvnode.client.KvClient;
import dev.chaoskv.kvnode.client.KvClientException;
import dev.chaoskv.kvnode.protocol.Response;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code bin/kvnode bench}: starts a local cluster of real kvnode processes and measures
 * acknowledged PUTs per second and latency at several client counts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a local kvnode cluster (separate JVMs on loopback) and measures acknowledged writes.",
                "Each client is a closed loop: one PUT at a time on its own connection to the leader."})
final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--nodes", defaultValue = "3", description = "Cluster size (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--clients", defaultValue = "1,16,64", split = ",", description = "Client counts to run, one phase each (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--duration", defaultValue = "10s", description = "Measured time per phase (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--warmup", defaultValue = "3s", description = "Unmeasured time before each phase (default: ${DEFAULT-VALUE}).")
    String warmup;

    @Option(names = "--key-bytes", defaultValue = "8", description = "Key size (default: ${DEFAULT-VALUE}).")
    int keyBytes;

    @Option(names = "--value-bytes", defaultValue = "256", description = "Value size (default: ${DEFAULT-VALUE}).")
    int valueBytes;

    @Option(names = "--fsync", defaultValue = "always", description = "Passed to every node (default: ${DEFAULT-VALUE}).")
    String fsync;

    @Option(names = "--node-arg", description = "Extra flag for every node (repeatable), e.g. --node-arg=--heartbeat-ms=50.")
    List<String> nodeArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Duration measure = DurationParser.parse(duration), warm = DurationParser.parse(warmup);
        Path dir = Files.createTempDirectory("kvnode-bench-");
        List<Process> procs = new ArrayList<>();
        Thread cleanup = new Thread(() -> stop(procs, dir));
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            int[] ports = freePorts(nodes);
            for (int i = 0; i < nodes; i++) procs.add(startNode(dir, ports, i));
            int leaderPort = awaitLeader(ports, Duration.ofSeconds(30));
            System.out.printf("cluster: %d nodes on ports %s, leader on %d, fsync=%s, key %d B, value %d B%n",
                    nodes, java.util.Arrays.toString(ports), leaderPort, fsync, keyBytes, valueBytes);
            System.out.printf("machine: %d cores, java %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println("| clients | acked writes/s | p50 ms | p99 ms | p99.9 ms | max ms | errors |");
            System.out.println("|--------:|---------------:|-------:|-------:|---------:|-------:|-------:|");
            for (int c : clients) {
                Phase p = run(leaderPort, c, warm, measure);
                Histogram h = p.latency();
                System.out.printf("| %d | %,.0f | %.3f | %.3f | %.3f | %.3f | %d |%n", c, p.acked() / (measure.toNanos() / 1e9),
                        ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                        ms(h.getMaxValue()), p.errors());
            }
            JsonNode st = status(leaderPort);
            if (st != null) System.out.println("leader WAL: " + st.path("wal"));
            return 0;
        } finally {
            stop(procs, dir);
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    private record Phase(long acked, long errors, Histogram latency) {
    }

    private Phase run(int port, int clientCount, Duration warm, Duration measure) throws InterruptedException {
        AtomicBoolean recording = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        AtomicLong acked = new AtomicLong(), errors = new AtomicLong();
        List<Histogram> hists = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(clientCount);
        byte[] filler = "v".repeat(valueBytes).getBytes();
        String value = new String(filler);
        for (int t = 0; t < clientCount; t++) {
            Histogram h = new Histogram(60_000_000_000L, 3);
            hists.add(h);
            int id = t;
            Thread th = new Thread(() -> {
                java.util.Random rnd = new java.util.Random(id);
                try (KvClient c = new KvClient(new InetSocketAddress("127.0.0.1", port), Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(2), 3)) {
                    while (!stop.get()) {
                        String key = key(rnd);
                        long t0 = System.nanoTime();
                        Response r;
                        try {
                            r = c.put(key, value);
                        } catch (KvClientException e) {
                            r = null;
                        }
                        long dt = System.nanoTime() - t0;
                        if (recording.get()) {
                            if (r instanceof Response.Ok) {
                                acked.incrementAndGet();
                                h.recordValue(dt);
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "bench-client-" + t);
            th.setDaemon(true);
            th.start();
        }
        Thread.sleep(warm.toMillis());
        recording.set(true);
        Thread.sleep(measure.toMillis());
        recording.set(false);
        stop.set(true);
        done.await();
        Histogram all = new Histogram(60_000_000_000L, 3);
        hists.forEach(all::add);
        return new Phase(acked.get(), errors.get(), all);
    }

    private String key(java.util.Random rnd) {
        StringBuilder b = new StringBuilder(keyBytes);
        for (int i = 0; i < keyBytes; i++) b.append((char) ('a' + rnd.nextInt(26)));
        return b.toString();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private Process startNode(Path dir, int[] ports, int i) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseParallelGC", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                KvnodeMain.class.getName(), "--id", "n" + (i + 1), "--port", String.valueOf(ports[i]),
                "--data-dir", dir.resolve("n" + (i + 1)).toString(), "--fsync", fsync));
        StringBuilder peers = new StringBuilder();
        for (int j = 0; j < ports.length; j++) {
            if (j == i) continue;
            if (peers.length() > 0) peers.append(',');
            peers.append("n").append(j + 1).append("=127.0.0.1:").append(ports[j]);
        }
        if (peers.length() > 0) cmd.addAll(List.of("--peers", peers.toString()));
        if (i == 0) cmd.add("--role=leader");
        cmd.addAll(nodeArgs);
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("n" + (i + 1) + ".log").toFile()).start();
    }

    private static int awaitLeader(int[] ports, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (int p : ports) {
                JsonNode s = status(p);
                if (s != null && "leader".equals(s.path("role").asText())) return p;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no leader elected within " + timeout.toSeconds() + " s");
    }

    private static JsonNode status(int port) {
        try (KvClient c = new KvClient(new InetSocketAddress("127.0.0.1", port))) {
            return JSON.readTree(c.status());
        } catch (IOException e) {
            return null;
        }
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) s.close();
        }
        return ports;
    }

    private static void stop(List<Process> procs, Path dir) {
        for (Process p : procs) p.destroyForcibly();
        for (Process p : procs) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        procs.clear();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // already gone
        }
    }
}
