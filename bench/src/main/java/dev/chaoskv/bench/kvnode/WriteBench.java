package dev.chaoskv.bench.kvnode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.common.DurationParser;
import dev.chaoskv.client.protocol.Request;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bin/bench kvnode-writes}: acknowledged PUTs per second and latency at several client counts. */
@Command(name = "kvnode-writes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Starts a local kvnode cluster (separate JVMs on loopback) and measures acknowledged writes.",
                "Each client is a closed loop: one PUT at a time to the leader, on its own connection",
                "(the default) or sharing --connections pipelined connections with the other clients."})
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

    @Option(names = "--connections", paramLabel = "N", defaultValue = "0", description = {
            "0 (default): each client has its own connection and thread and calls synchronously.",
            "N > 0: the clients share N pipelined connections (KvClient.submit), each still one PUT in flight."})
    int connections;

    @Option(names = "--node-arg", paramLabel = "FLAG", description = "Extra flag for every node (repeatable), e.g. --node-arg=--fsync=never.")
    List<String> nodeArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        try (BenchCluster cluster = new BenchCluster(nodes, nodeArgs)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            System.out.printf("cluster: %d nodes, leader n%d, node args %s, key %d B, value %d B%n",
                    nodes, leader + 1, nodeArgs, keyBytes, valueBytes);
            System.out.printf("machine: %d cores, java %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println("| clients | connections | acked writes/s " + Phase.HEADER);
            System.out.println("|--------:|------------:|---------------:" + Phase.RULE);
            String value = "v".repeat(valueBytes);
            for (int c : clients) {
                try (ClosedLoop load = connections > 0
                        ? new PipelinedLoad(c, connections, new java.net.InetSocketAddress("127.0.0.1", cluster.port(leader)),
                                cluster.directory(), rnd -> new Request.Put(WriteLoad.randomKey(rnd, keyBytes), value.getBytes(StandardCharsets.UTF_8)))
                        : new WriteLoad(c, cluster.port(leader), cluster.directory(), keyBytes, valueBytes, Long.MAX_VALUE, false, WriteLoad.IGNORE)) {
                    Phase p = Phase.measure(load, warm, measure, cluster::nodesCpuNanos);
                    System.out.printf("| %d | %s | %,.0f %s%n", c, connections > 0 ? String.valueOf(Math.min(connections, c)) : c + " (sync)",
                            p.perSecond(), p.columns());
                }
            }
            JsonNode st = cluster.status(leader);
            if (st != null) System.out.println("leader WAL: " + st.path("wal"));
            return 0;
        }
    }
}
