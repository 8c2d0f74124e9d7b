package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.chaos.cluster.LocalCluster;
import dev.chaoskv.chaos.load.ClientBinding;
import dev.chaoskv.chaos.nemesis.NemesisSchedule;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.network.LinkFault;
import dev.chaoskv.chaos.network.ToxiproxyFaults;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/** {@code --dry-run}: the cluster plan and the fault schedule for the seed; starts nothing. */
public final class DryRun {
    private DryRun() {
    }

    /** A local run's dry run: its links go through Toxiproxy. */
    public static int print(RunConfig cfg, PrintStream out) {
        return print(cfg, out, ToxiproxyFaults::refused);
    }

    /**
     * @param refuses why the run's network mechanism cannot inject a link fault (null = it can):
     *                such faults are left out of the schedule, as the run itself does
     */
    public static int print(RunConfig cfg, PrintStream out, Function<LinkFault.Kind, String> refuses) {
        ClusterPlan plan = new LocalDeployment(cfg).plan(cfg.nodes().count());
        out.printf("cluster: %s, Toxiproxy %s%n", LocalCluster.describe(plan),
                cfg.network().toxiproxyUrl() == null ? "embedded" : cfg.network().toxiproxyUrl());
        for (String id : plan.nodeIds()) {
            out.printf("  %s: --peers through %s; %s%n", id,
                    String.join(", ", plan.nodeIds().stream().filter(p -> !p.equals(id)).map(p -> ClusterPlan.peerProxy(id, p)).toList()),
                    plan.proxiesClients() ? "clients through " + ClusterPlan.clientProxy(id) + " (--client-links proxy)" : "clients dial it directly");
        }
        if (!cfg.nodes().kvnodeArgs().isEmpty()) out.println("  extra kvnode flags: " + String.join(" ", cfg.nodes().kvnodeArgs()));
        out.printf("proxies: %d (%d peer links, %d client)%n", plan.proxies().size(), plan.peerProxies().size(),
                plan.proxies().size() - plan.peerProxies().size());
        out.printf("load: %s workload, %d keys, concurrency %d, rate %s, %d s, clients bound to %s%n", cfg.load().workloadName(),
                cfg.load().keys(), cfg.load().concurrency(), cfg.load().rateText(), cfg.load().timeLimit().toSeconds(),
                cfg.load().binding() == ClientBinding.NODE ? "their node" : "any node (following the leader)");
        out.printf("schedule (seed %d, interval %.1f s, max faulty %d):%n", cfg.identity().seed(),
                cfg.faults().interval().toMillis() / 1000.0, cfg.faults().maxFaulty());
        List<FaultKind.Skipped> unsupported = NetworkSupport.unsupported(cfg.faults().kinds(), refuses);
        out.print(NemesisSchedule.generate(NetworkSupport.without(cfg.schedulePlan(plan.nodeIds()), unsupported)).render());
        for (FaultKind.Skipped s : unsupported) out.println("skipped fault " + s.fault() + ": " + s.reason());
        return ChaosRun.EXIT_VALID;
    }
}
