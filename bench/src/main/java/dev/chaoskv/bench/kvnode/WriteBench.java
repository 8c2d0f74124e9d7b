package dev.chaoskv.bench.kvnode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.common.DurationParser;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bin/bench kvnode-writes}: acknowledged PUTs per second and latency at several client counts. */
@Command(name = "kvnode-writes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a local kvnode cluster (separate JVMs on loopback) and measures acknowledged writes.",
                "Each client is a closed loop: one PUT at a time on its own connection to the leader."})
public final class WriteBench implements Callable<Integer> {

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3", description = "Cluster size (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "1,16,64", split = ",", description = "Client counts to run, one phase each (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "10s", converter = DurationParser.class, description = "Measured time per phase (default: ${DEFAULT-VALUE}).")
    Duration measure;

    @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "3s", converter = DurationParser.class, description = "Unmeasured time before each phase (default: ${DEFAULT-VALUE}).")
    Duration warm;

    @Option(names = "--key-bytes", paramLabel = "BYTES", defaultValue = "8", description = "Key size (default: ${DEFAULT-VALUE}).")
    int keyBytes;

    @Option(names = "--value-bytes", paramLabel = "BYTES", defaultValue = "256", description = "Value size (default: ${DEFAULT-VALUE}).")
    int valueBytes;

    @Option(names = "--node-arg", paramLabel = "FLAG", description = "Extra flag for every node (repeatable), e.g. --node-arg=--fsync=never.")
    List<String> nodeArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (BenchCluster cluster = new BenchCluster(nodes, nodeArgs)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            System.out.printf("cluster: %d nodes, leader n%d, node args %s, key %d B, value %d B%n",
                    nodes, leader + 1, nodeArgs, keyBytes, valueBytes);
            System.out.printf("machine: %d cores, java %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println("| clients | acked writes/s | p50 ms | p99 ms | p99.9 ms | max ms | errors | node CPU µs/write | client CPU µs/write |");
            System.out.println("|--------:|---------------:|-------:|-------:|---------:|-------:|-------:|------------------:|--------------------:|");
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (int c : clients) {
                try (WriteLoad load = new WriteLoad(c, cluster.port(leader), cluster.directory(), keyBytes, valueBytes,
                        Long.MAX_VALUE, false, WriteLoad.IGNORE)) {
                    Thread.sleep(warm.toMillis());
                    long before = load.acked(), errBefore = load.errors();
                    long nodeCpu0 = cluster.nodesCpuNanos(), clientCpu0 = os.getProcessCpuTime();
                    load.record(true);
                    Thread.sleep(measure.toMillis());
                    Histogram h = load.latency();
                    long acked = load.acked() - before, errors = load.errors() - errBefore;
                    // CPU per write does not depend on what else runs on the machine, unlike writes/s.
                    double nodeCpu = (cluster.nodesCpuNanos() - nodeCpu0) / 1e3 / Math.max(1, acked);
                    double clientCpu = (os.getProcessCpuTime() - clientCpu0) / 1e3 / Math.max(1, acked);
                    System.out.printf("| %d | %,.0f | %.3f | %.3f | %.3f | %.3f | %d | %.1f | %.1f |%n", c, acked / (measure.toNanos() / 1e9),
                            ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)),
                            ms(h.getMaxValue()), errors, nodeCpu, clientCpu);
                }
            }
            JsonNode st = cluster.status(leader);
            if (st != null) System.out.println("leader WAL: " + st.path("wal"));
            return 0;
        }
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
