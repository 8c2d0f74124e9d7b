package dev.chaoskv.bench.kvnode;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bin/bench kvnode-catchup}: a follower is down while N records are written; then it is
 * restarted and the time until it has applied everything is measured. With {@code --snapshot}
 * the leader compacts its log meanwhile, so the follower catches up by installing a snapshot.
 */
@Command(name = "kvnode-catchup", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures how long a restarted follower takes to catch up on records written while it was down (log or snapshot).")
public final class CatchupBench implements Callable<Integer> {
    @Option(names = "--records", paramLabel = "N", defaultValue = "100000", description = "Records written while the follower is down (default: ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--value-bytes", paramLabel = "BYTES", defaultValue = "100", description = "Value size (default: ${DEFAULT-VALUE}).")
    int valueBytes;

    @Option(names = "--snapshot", description = "Compact the leader's log so the follower must install a snapshot (each record a distinct key).")
    boolean snapshot;

    @Option(names = "--clients", paramLabel = "N", defaultValue = "64", description = "Writers for the bulk load (default: ${DEFAULT-VALUE}).")
    int clients;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>();
        if (snapshot) {
            // One snapshot near the end of the load, so it holds (almost) every key.
            args.addAll(List.of("--snapshot-every", String.valueOf(Math.max(1, records - 1000)), "--wal-retain-records", "1000",
                    "--wal-segment-bytes", String.valueOf(8 << 20)));
        } else {
            args.addAll(List.of("--snapshot-every", String.valueOf(records * 10)));
        }
        try (BenchCluster cluster = new BenchCluster(3, args)) {
            int leader = cluster.awaitLeader(Duration.ofSeconds(30));
            int follower = (leader + 1) % 3;
            cluster.kill(follower);
            long t0 = System.nanoTime();
            try (WriteLoad load = new WriteLoad(clients, cluster.port(leader), cluster.directory(), 12, valueBytes, records, true, WriteLoad.IGNORE)) {
                load.awaitDone();
                System.out.printf("loaded %,d records (%d errors) in %.1f s while n%d was down%n", load.acked(), load.errors(),
                        (System.nanoTime() - t0) / 1e9, follower + 1);
            }
            JsonNode ls = cluster.status(leader);
            long target = ls.path("commitLsn").asLong();
            System.out.printf("leader: commit LSN %d, WAL starts at LSN %d, snapshot at LSN %d%n", target,
                    ls.path("wal").path("firstLsn").asLong(), ls.path("snapshotLsn").asLong());
            long start = System.nanoTime();
            cluster.start(follower);
            long[] listening = {0};
            BenchCluster.await("the follower caught up", Duration.ofMinutes(5), () -> {
                JsonNode s = cluster.status(follower);
                if (s != null && listening[0] == 0) listening[0] = System.nanoTime();
                return s != null && s.path("appliedLsn").asLong() >= target;
            });
            long end = System.nanoTime();
            JsonNode fs = cluster.status(follower);
            System.out.printf("n%d caught up to LSN %d: %.2f s after its process started, %.2f s after it first answered STATUS (%s)%n",
                    follower + 1, fs.path("appliedLsn").asLong(), (end - start) / 1e9, (end - listening[0]) / 1e9,
                    fs.path("snapshotLsn").asLong() > 0 ? "via snapshot at LSN " + fs.path("snapshotLsn").asLong() : "via the log");
            return 0;
        }
    }
}
