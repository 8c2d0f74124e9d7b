package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.nemesis.FaultLedger;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.network.NetworkFaults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where a run's nodes and links are: kvnode processes on this machine behind the embedded
 * Toxiproxy ({@link LocalDeployment}), or an inventory's hosts over SSH. {@link ChaosRun} is
 * the same for both.
 */
public interface Deployment {

    /** The links' faults; opened first, so that an unusable network fails before anything is started. */
    NetworkFaults openNetwork() throws IOException, ChaosRun.HarnessException;

    /** What the ledger's "run" event records beyond the runner's pid and run folder, so that {@code chaos heal} finds it. */
    Map<String, Object> ledgerRecord(NetworkFaults network);

    /** The nodes and links of a cluster of {@code count} nodes. */
    ClusterPlan plan(int count);

    /** The cluster's nodes, not started yet. */
    Cluster cluster(ClusterPlan plan, Path nodesDir, FaultLedger ledger) throws IOException, ChaosRun.HarnessException;

    /** Faults of the requested list this deployment cannot inject (e.g. latency without netem), and why. */
    default List<FaultKind.Skipped> skippedFaults() {
        return List.of();
    }

    /** Fields run.json records about the deployment (none for a local run). */
    default Map<String, Object> runJson() {
        return Map.of();
    }
}
