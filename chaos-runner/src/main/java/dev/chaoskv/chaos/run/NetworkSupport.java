package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.nemesis.NemesisSchedule;
import dev.chaoskv.chaos.nemesis.fault.FaultKind;
import dev.chaoskv.chaos.network.LinkFault;
import dev.chaoskv.chaos.network.NetworkFaults;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Which requested faults the run's network mechanism cannot inject (packet loss on Toxiproxy,
 * slicing with iptables): they are left out of the draw and reported as skipped, never counted
 * as injected. Pure but for asking the mechanism.
 */
final class NetworkSupport {
    private NetworkSupport() {
    }

    /** The kinds of {@code kinds} that {@code network} refuses, each with its reason. */
    static List<FaultKind.Skipped> unsupported(List<FaultKind> kinds, NetworkFaults network) {
        return unsupported(kinds, network::unsupported);
    }

    /** The kinds of {@code kinds} that {@code refuses} gives a reason for (see {@link NetworkFaults#unsupported}). */
    static List<FaultKind.Skipped> unsupported(List<FaultKind> kinds, Function<LinkFault.Kind, String> refuses) {
        List<FaultKind.Skipped> out = new ArrayList<>();
        for (FaultKind k : kinds) {
            if (k.linkFault() == null) continue;
            String why = refuses.apply(k.linkFault());
            if (why != null) out.add(new FaultKind.Skipped(k.wireName(), why));
        }
        return out;
    }

    /** {@code plan} without the skipped kinds. */
    static NemesisSchedule.Plan without(NemesisSchedule.Plan plan, List<FaultKind.Skipped> skipped) {
        if (skipped.isEmpty()) return plan;
        List<String> names = skipped.stream().map(FaultKind.Skipped::fault).toList();
        List<FaultKind> kinds = plan.kinds().stream().filter(k -> !names.contains(k.wireName())).toList();
        return new NemesisSchedule.Plan(plan.seed(), plan.nodeIds(), kinds, plan.interval(), plan.timeLimit(), plan.maxFaulty(),
                plan.cutMode());
    }
}
