package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.cluster.LocalCluster;
import dev.chaoskv.chaos.load.ClientBinding;
import dev.chaoskv.chaos.nemesis.NemesisSchedule;

import java.io.PrintStream;

/** {@code --dry-run}: the cluster plan and the fault schedule for the seed; starts nothing. */
public final class DryRun {
    private DryRun() {
    }

    public static int print(RunConfig cfg, PrintStream out) {
        ClusterPlan plan = ClusterPlan.of(cfg.nodes().count());
        out.printf("cluster: %s, Toxiproxy %s%n", LocalCluster.describe(plan),
                cfg.network().toxiproxyUrl() == null ? "embedded" : cfg.network().toxiproxyUrl());
        for (String id : plan.nodeIds()) {
            out.printf("  %s: --peers through %s; clients through %s%n", id,
                    String.join(", ", plan.nodeIds().stream().filter(p -> !p.equals(id)).map(p -> ClusterPlan.peerProxy(id, p)).toList()),
                    ClusterPlan.clientProxy(id));
        }
        if (!cfg.nodes().kvnodeArgs().isEmpty()) out.println("  extra kvnode flags: " + String.join(" ", cfg.nodes().kvnodeArgs()));
        out.printf("proxies: %d (%d peer links, %d client)%n", plan.proxies().size(), plan.peerProxies().size(), plan.size());
        out.printf("load: %s workload, %d keys, concurrency %d, rate %s, %d s, clients bound to %s%n", cfg.load().workloadName(),
                cfg.load().keys(), cfg.load().concurrency(), cfg.load().rateText(), cfg.load().timeLimit().toSeconds(),
                cfg.load().binding() == ClientBinding.NODE ? "their node" : "any node (following the leader)");
        out.printf("schedule (seed %d, interval %.1f s, max faulty %d):%n", cfg.identity().seed(),
                cfg.faults().interval().toMillis() / 1000.0, cfg.faults().maxFaulty());
        out.print(NemesisSchedule.generate(cfg.schedulePlan(plan.nodeIds())).render());
        return ChaosRun.EXIT_VALID;
    }
}
