package dev.chaoskv.bench.kvnode;

import dev.chaoskv.client.KvClient;
import dev.chaoskv.client.protocol.Request;
import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.common.DurationParser;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code bin/bench kvnode-reads}: GETs per second and latency in each read mode, with writes going on. */
@Command(name = "kvnode-reads", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a local kvnode cluster (separate JVMs on loopback) once per read mode and measures GETs at the leader",
                "while background writers keep PUTting to the same keys. Each reading client is a closed loop, one GET in flight."})
public final class ReadBench implements Callable<Integer> {

    enum Mode { linearizable, lease, local }

    @Option(names = "--modes", paramLabel = "MODE", defaultValue = "linearizable,lease,local", split = ",",
            description = "Read modes to run, one cluster each: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    List<Mode> modes;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Cluster size (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "64", description = "Reading clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "64",
            description = "Pipelined connections the reading clients share (default: ${DEFAULT-VALUE}, one per client).")
    int connections;

    @Option(names = "--writers", paramLabel = "N", defaultValue = "16",
            description = "Background writing clients (closed loops on 2 pipelined connections; 0 = none; default: ${DEFAULT-VALUE}).")
    int writers;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "10000", description = "Keys written before and during the reads (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--value-bytes", paramLabel = "BYTES", defaultValue = "256", description = "Value size (default: ${DEFAULT-VALUE}).")
    int valueBytes;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s", converter = DurationParser.class, description = "Measured time per mode (default: ${DEFAULT-VALUE}).")
    Duration measure;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "3s", converter = DurationParser.class, description = "Unmeasured time before each mode (default: ${DEFAULT-VALUE}).")
    Duration warm;

    @Option(names = "--node-arg", paramLabel = "FLAG", description = "Extra flag for every node (repeatable).")
    List<String> nodeArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        byte[] value = "v".repeat(valueBytes).getBytes(StandardCharsets.UTF_8);
        System.out.printf("cluster: %d nodes, node args %s, %d keys, value %d B, %d readers on %d connections, %d background writers%n",
                nodes, nodeArgs, keys, valueBytes, clients, Math.min(connections, clients), writers);
        System.out.printf("machine: %d cores, java %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| read mode | reads/s " + Phase.HEADER + " background writes/s | writes p99 ms |");
        System.out.println("|-----------|--------:" + Phase.RULE + "--------------------:|--------------:|");
        for (Mode mode : modes) {
            List<String> args = new ArrayList<>(nodeArgs);
            args.add("--read-mode=" + mode);
            try (BenchCluster cluster = new BenchCluster(nodes, args)) {
                int leader = cluster.awaitLeader(Duration.ofSeconds(30));
                InetSocketAddress target = new InetSocketAddress("127.0.0.1", cluster.port(leader));
                Map<String, InetSocketAddress> directory = cluster.directory();
                preload(target, value);
                try (ClosedLoop writes = writers > 0
                        ? new PipelinedLoad(writers, 2, target, directory, rnd -> new Request.Put(key(rnd.nextInt(keys)), value)) : null;
                     ClosedLoop reads = new PipelinedLoad(clients, connections, target, directory, rnd -> new Request.Get(key(rnd.nextInt(keys))))) {
                    long[] writesAtStart = new long[2];
                    Phase p = Phase.measure(reads, warm, measure, cluster::nodesCpuNanos, () -> {
                        if (writes != null) writes.record(true);
                        writesAtStart[0] = writes == null ? 0 : writes.done();
                        writesAtStart[1] = System.nanoTime();
                    });
                    double writesPerSecond = writes == null ? 0 : (writes.done() - writesAtStart[0]) / ((System.nanoTime() - writesAtStart[1]) / 1e9);
                    Histogram wl = writes == null ? null : writes.latency();
                    System.out.printf("| %s | %,.0f %s %,.0f | %s |%n", mode, p.perSecond(), p.columns(), writesPerSecond,
                            wl == null ? "-" : String.format("%.3f", Phase.ms(wl.getValueAtPercentile(99))));
                }
            }
        }
        System.out.println("(node CPU µs/op: all nodes' CPU, the background writes' included, per read)");
        return 0;
    }

    private static String key(int i) {
        return String.format("k%07d", i);
    }

    /** Writes every key once, so that reads find values. */
    private void preload(InetSocketAddress target, byte[] value) throws Exception {
        try (KvClient c = new KvClient(target, Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(1), 0, 256)) {
            List<CompletableFuture<Response>> answers = new ArrayList<>();
            for (int i = 0; i < keys; i++) answers.add(c.submit(new Request.Put(key(i), value)));
            for (CompletableFuture<Response> f : answers) {
                Response r = f.get(30, TimeUnit.SECONDS);
                if (!(r instanceof Response.Ok)) throw new IllegalStateException("preloading keys failed: " + r);
            }
        }
    }
}
