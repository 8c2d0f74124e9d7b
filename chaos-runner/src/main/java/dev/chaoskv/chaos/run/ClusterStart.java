package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.chaos.network.NetworkFaults;
import dev.chaoskv.chaos.results.FinalStateCollector;
import dev.chaoskv.common.HostPort;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a run's nodes and waits for a leader. Node ports are chosen free and released before
 * the nodes bind them, so another process may take one in between: such a node is moved to a
 * new port, the links that reach it rerouted, and started again.
 */
final class ClusterStart {
    /** Moves per node before a taken port counts as a harness failure. */
    static final int MAX_MOVES = 3;
    private static final long LEADER_TIMEOUT_NANOS = 60_000_000_000L;

    private ClusterStart() {
    }

    /** Launches every node of a plaintext cluster and returns the first leader's id. */
    static String launch(Cluster cluster, NetworkFaults network, Map<String, HostPort> links, Path nodesDir, PrintStream out)
            throws ChaosRun.HarnessException, IOException, InterruptedException {
        return launch(cluster, network, links, nodesDir, out, null);
    }

    /** Launches every node and returns the first leader's id, asking the nodes over TLS with {@code tls} (null: plaintext). */
    static String launch(Cluster cluster, NetworkFaults network, Map<String, HostPort> links, Path nodesDir, PrintStream out, SSLContext tls)
            throws ChaosRun.HarnessException, IOException, InterruptedException {
        cluster.launch(links);
        Map<String, Integer> moves = new HashMap<>();
        FinalStateCollector probe = new FinalStateCollector(cluster.addresses(), tls);
        long deadline = System.nanoTime() + LEADER_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            for (String id : cluster.nodeIds()) {
                if (cluster.running(id)) continue;
                Optional<HostPort> moved = moves.getOrDefault(id, 0) < MAX_MOVES ? cluster.movePortIfTaken(id) : Optional.empty();
                if (moved.isEmpty()) {
                    throw new ChaosRun.HarnessException("node " + id + " exited at start-up with code " + cluster.exitCode(id)
                            + "; see " + cluster.logFile(id), null);
                }
                moves.merge(id, 1, Integer::sum);
                out.println(id + ": its port was taken by another process before it could bind; moved to " + moved.get());
                try {
                    network.reroute(id, moved.get());
                } catch (IOException e) {
                    throw new ChaosRun.HarnessException(e.getMessage(), e);
                }
                cluster.start(id);
                probe = new FinalStateCollector(cluster.addresses(), tls);
            }
            var leader = probe.statuses(() -> 0).values().stream().filter(s -> s.isLeader()).findFirst();
            if (leader.isPresent()) return leader.get().node();
            Thread.sleep(100);
        }
        throw new ChaosRun.HarnessException("no leader elected within 60 s; see the node logs under " + nodesDir, null);
    }
}
