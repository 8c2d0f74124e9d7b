package dev.chaoskv.chaos.network;

import dev.chaoskv.chaos.cluster.ClusterPlan;
import dev.chaoskv.common.HostPort;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The links between nodes, and between clients and nodes, and the faults on them. A link is
 * named as in {@link ClusterPlan} ({@code n1-to-n2}: what n1 sends to n2; {@code client-to-n1}).
 * The nemesis cuts, slows and heals links only through this interface, so that Toxiproxy and
 * another mechanism (iptables on real machines) are interchangeable.
 */
public interface NetworkFaults extends AutoCloseable {

    /**
     * Routes every link of the plan to the node it reaches.
     *
     * @param nodes          node id -> where the node listens
     * @param beforeCreating called with the names of what will be created, before anything is, so
     *                       that the fault ledger lets {@code chaos heal} find it after a crash
     * @return link name -> the address its sender dials
     * @throws IOException with a message for the operator
     */
    Map<String, HostPort> wire(ClusterPlan plan, Map<String, HostPort> nodes, Consumer<List<String>> beforeCreating)
            throws IOException;

    /**
     * Points every link that reaches {@code node} at its new address (after the node had to move
     * to another port).
     *
     * @throws IOException with a message for the operator, also if links cannot be rerouted
     */
    void reroute(String node, HostPort address) throws IOException;

    /** Cuts the link in {@code mode}. */
    void cut(String link, CutMode mode) throws IOException;

    /** Latency with uniform jitter (ms) on what the link's sender sends. */
    void slow(String link, int latencyMs, int jitterMs) throws IOException;

    /**
     * Puts {@code fault} on the link; undone by {@link #heal}. By default refused: a mechanism
     * overrides this for the faults it offers.
     *
     * @throws UnsupportedOperationException if {@link #unsupported} gives a reason for its kind
     */
    default void degrade(String link, LinkFault fault) throws IOException {
        throw new UnsupportedOperationException(unsupported(fault.kind()));
    }

    /** Why faults of {@code kind} cannot be injected here (the run skips them), or null if they can. */
    default String unsupported(LinkFault.Kind kind) {
        return kind.wireName() + " cannot be injected on " + describe();
    }

    /** Removes every fault from the link. Idempotent. */
    void heal(String link) throws IOException;

    /** Heals every link; returns the problems met (empty = all healed). */
    List<String> healAll();

    /** Faults still in place after a heal, or why that cannot be checked (empty = none). */
    List<String> verifyHealed();

    /** For the line that reports the cluster up, e.g. "9 proxies on Toxiproxy http://127.0.0.1:8474 (embedded)". */
    String describe();

    /** The Toxiproxy URL, or "none". */
    String url();

    /** The version of what injects the faults, for run.json. */
    String version();

    /** Removes what {@link #wire} created where it outlives the run, and stops what the run started. */
    @Override
    void close();
}
