package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.cluster.Cluster;
import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.cluster.LocalCluster;
import dev.chaoskv.chaos.nemesis.FaultLedger;
import dev.chaoskv.chaos.network.DirectLinks;
import dev.chaoskv.chaos.network.NetworkFaults;
import dev.chaoskv.chaos.network.ToxiproxyFaults;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** kvnode processes on this machine, behind the embedded Toxiproxy, a real one (--toxiproxy-url), or none (--direct). */
public final class LocalDeployment implements Deployment {
    private final RunConfig cfg;

    public LocalDeployment(RunConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public NetworkFaults openNetwork() throws IOException, ChaosRun.HarnessException {
        if (cfg.network().direct()) return new DirectLinks();
        try {
            return ToxiproxyFaults.open(cfg.network().toxiproxyUrl());
        } catch (ToxiproxyFaults.UnreachableException e) {
            throw new ChaosRun.HarnessException(e.getMessage() + (cfg.network().toxiproxyUrl() != null
                    ? "; start Toxiproxy there, or leave out --toxiproxy-url to use the embedded one" : ""), e);
        }
    }

    @Override
    public ClusterPlan plan(int count) {
        return ClusterPlan.of(count, cfg.network().proxyClients());
    }

    @Override
    public Map<String, Object> ledgerRecord(NetworkFaults network) {
        return Map.of("toxiproxyUrl", network.url(), "embedded", cfg.network().toxiproxyUrl() == null);
    }

    @Override
    public Cluster cluster(ClusterPlan plan, Path nodesDir, FaultLedger ledger) throws IOException {
        List<String> kvnodeArgs = new ArrayList<>(cfg.nodes().kvnodeArgs());
        kvnodeArgs.addAll(cfg.network().kvnodeTlsFlags());
        return LocalCluster.onFreePorts(plan, nodesDir, cfg.nodes().jvmOptions(), kvnodeArgs,
                (id, pid) -> ledger.append("node-started", Map.of("node", id, "pid", pid)));
    }
}
