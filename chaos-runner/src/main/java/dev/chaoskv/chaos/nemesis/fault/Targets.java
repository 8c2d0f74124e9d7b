package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.cluster.ClusterPlan;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/** What a fault may aim at when its window opens: the nodes, the peer links, the current leader. */
public final class Targets {
    private final ClusterPlan plan;
    private final Supplier<Optional<String>> leader;
    private final long seed;
    private final int window;

    private Targets(ClusterPlan plan, Supplier<Optional<String>> leader, long seed, int window) {
        this.plan = plan;
        this.leader = leader;
        this.seed = seed;
        this.window = window;
    }

    /**
     * @param leader the current leader, if one is known
     * @param seed   the run's seed, for a reproducible stand-in when no leader is known
     */
    public Targets(ClusterPlan plan, Supplier<Optional<String>> leader, long seed) {
        this(plan, leader, seed, 0);
    }

    /** The same targets, for the fault of window {@code index}. */
    public Targets forWindow(int index) {
        return new Targets(plan, leader, seed, index);
    }

    public List<String> nodeIds() {
        return plan.nodeIds();
    }

    /** The current leader; if none is known, a node drawn from the seed and the window (so the run goes on, reproducibly). */
    public String leader() {
        return leader.get().orElseGet(() -> plan.nodeIds().get(new Random(seed ^ window).nextInt(plan.size())));
    }

    /** Every directed peer link (no client link), in the plan's order. */
    public List<String> peerLinks() {
        return plan.peerProxies().stream().map(ClusterPlan.ProxySpec::name).toList();
    }

    /** The names of these links, in their order. */
    public List<String> linkNames(Set<Topologies.Link> links) {
        return links.stream().map(l -> ClusterPlan.peerProxy(l.from(), l.to())).toList();
    }
}
