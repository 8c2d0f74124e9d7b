package dev.chaoskv.bench.kvnode;

import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/bench kvnode-failover}: kill -9 the leader under steady write load, many times, and
 * measure the gap between the kill and the first write acknowledged by the new leader.
 */
@Command(name = "kvnode-failover", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Kills the leader (kill -9) under write load repeatedly; reports the gap until the first write acknowledged by the new leader.")
public final class FailoverBench implements Callable<Integer> {
    @Option(names = "--kills", paramLabel = "N", defaultValue = "20", description = "Leader kills to measure (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "8", description = "Concurrent writers (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--node-arg", paramLabel = "FLAG", description = "Extra flag for every node (repeatable), e.g. --node-arg=--heartbeat-ms=50.")
    List<String> nodeArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Histogram gaps = new Histogram(3_600_000_000_000L, 3);
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstAckAfterKill = new AtomicLong(Long.MAX_VALUE);
        int[] deadPort = {-1};
        try (BenchCluster cluster = new BenchCluster(3, nodeArgs)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            WriteLoad.OnAck onAck = (t, port) -> {
                if (t > killedAt.get() && port != deadPort[0]) firstAckAfterKill.accumulateAndGet(t, Math::min);
            };
            try (WriteLoad load = new WriteLoad(clients, cluster.port(leader), cluster.directory(), 8, 64, Long.MAX_VALUE, false, onAck)) {
                System.out.printf("failover: %d kills, %d writers, node args %s%n", kills, clients, nodeArgs);
                for (int k = 0; k < kills; k++) {
                    leader = cluster.awaitLeader(Duration.ofSeconds(30));
                    long ackedBefore = load.acked();
                    BenchCluster.await("steady writes", Duration.ofSeconds(30), () -> load.acked() > ackedBefore + 200);
                    deadPort[0] = cluster.port(leader);
                    firstAckAfterKill.set(Long.MAX_VALUE);
                    long t0 = System.nanoTime();
                    killedAt.set(t0);
                    cluster.kill(leader);
                    BenchCluster.await("a write acknowledged by a new leader", Duration.ofSeconds(60),
                            () -> firstAckAfterKill.get() != Long.MAX_VALUE);
                    long gap = firstAckAfterKill.get() - t0;
                    gaps.recordValue(gap);
                    System.out.printf("kill %2d: n%d killed, first acknowledged write after %.0f ms%n", k + 1, leader + 1, gap / 1e6);
                    killedAt.set(Long.MAX_VALUE);
                    cluster.start(leader);
                    cluster.awaitConverged(Duration.ofSeconds(60));
                }
            }
        }
        System.out.printf("failover gap over %d kills: p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", gaps.getTotalCount(),
                gaps.getValueAtPercentile(50) / 1e6, gaps.getValueAtPercentile(99) / 1e6, gaps.getMaxValue() / 1e6);
        return 0;
    }
}
