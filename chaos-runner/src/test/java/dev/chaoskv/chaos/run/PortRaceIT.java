package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.cluster.LocalCluster;
import dev.chaoskv.chaos.network.ToxiproxyFaults;
import dev.chaoskv.chaos.observe.NodeStatus;
import dev.chaoskv.chaos.results.FinalStateCollector;
import dev.chaoskv.common.HostPort;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The runner chooses free ports and releases them before the nodes bind them; another process
 * taking one in between must not fail the run. Here a squatter takes n3's port before launch.
 */
@ExtendWith(KeepFoldersOnFailure.class)
class PortRaceIT {
    @TempDir
    Path work;

    @Test
    void aNodeWhosePortWasTakenMovesToAnotherAndTheClusterComesUpThroughItsProxies() throws Exception {
        ClusterPlan plan = ClusterPlan.of(3);
        Path nodesDir = work.resolve("nodes");
        try (ToxiproxyFaults network = ToxiproxyFaults.open(null);
             LocalCluster cluster = LocalCluster.onFreePorts(plan, nodesDir, RunConfig.Nodes.DEFAULT_JVM_OPTIONS, List.of(),
                     (id, pid) -> { })) {
            HostPort taken = cluster.addresses().get("n3");
            try (ServerSocket squatter = new ServerSocket(taken.port(), 50, InetAddress.getByName(taken.host()))) {
                Map<String, HostPort> links = network.wire(plan, cluster.addresses(), names -> { });
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ClusterStart.launch(cluster, network, links, nodesDir, new PrintStream(out, true, StandardCharsets.UTF_8));

                assertNotEquals(taken, cluster.addresses().get("n3"));
                String log = Files.readString(cluster.logFile("n3"));
                assertTrue(log.contains("cannot listen on " + taken), log);
                assertTrue(out.toString(StandardCharsets.UTF_8).contains("n3: its port was taken"), out.toString(StandardCharsets.UTF_8));
                awaitOneLeaderSeenByAll(new FinalStateCollector(cluster.addresses()));
            }
        }
    }

    /** Every node knows the same leader in the same term: n3's links carry traffic at its new address. */
    private static void awaitOneLeaderSeenByAll(FinalStateCollector collector) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Map<String, NodeStatus> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = collector.statuses(() -> 0);
            List<NodeStatus> all = List.copyOf(last.values());
            if (all.size() == 3 && all.stream().allMatch(s -> s.ok() && s.leader() != null
                    && s.leader().equals(all.get(0).leader()) && s.term() == all.get(0).term())) {
                return;
            }
            Thread.sleep(100);
        }
        fail("no leader known to every node: " + last);
    }
}
