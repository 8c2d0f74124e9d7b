package dev.chaoskv.chaos.nemesis.fault;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure functions from a partition shape to the directed peer links it cuts. A link (a, b) is
 * what a sends to b, i.e. the proxy {@code a->b}.
 */
public final class Topologies {
    private Topologies() {
    }

    public record Link(String from, String to) {
        @Override
        public String toString() {
            return from + "->" + to;
        }
    }

    /** Every link that crosses between different groups, both directions. */
    public static Set<Link> cutBetween(List<List<String>> groups) {
        Set<Link> out = new LinkedHashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            for (int j = 0; j < groups.size(); j++) {
                if (i == j) continue;
                for (String a : groups.get(i)) {
                    for (String b : groups.get(j)) out.add(new Link(a, b));
                }
            }
        }
        return out;
    }

    /** {@code node} cut from everyone else: both directions. */
    public static Set<Link> isolate(String node, List<String> all) {
        return cutBetween(isolation(node, all));
    }

    /** The two sides when {@code node} is isolated: [[node], [everyone else]]. */
    public static List<List<String>> isolation(String node, List<String> all) {
        return List.of(List.of(node), others(node, all));
    }

    /** One direction only: what {@code node} sends (outbound) or what it receives. */
    public static Set<Link> oneWay(String node, List<String> all, boolean outbound) {
        Set<Link> out = new LinkedHashSet<>();
        for (String other : others(node, all)) out.add(outbound ? new Link(node, other) : new Link(other, node));
        return out;
    }

    /** Minority = the first n/2 of {@code order}, majority = the rest. */
    public static List<List<String>> halves(List<String> order) {
        int cut = order.size() / 2;
        return List.of(List.copyOf(order.subList(0, cut)), List.copyOf(order.subList(cut, order.size())));
    }

    /**
     * Majorities ring: nodes laid out on a circle in {@code order}; each keeps its links to the
     * nodes within distance k (k chosen so that it sees a majority, itself included) and loses
     * the rest. With 5 nodes every node sees itself and its two neighbours, and no two nodes see
     * the same majority.
     */
    public static Set<Link> ring(List<String> order) {
        int n = order.size();
        int majority = n / 2 + 1;
        int k = (majority - 1 + 1) / 2; // ceil((majority-1)/2) neighbours on each side
        Set<Link> out = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) continue;
                int d = Math.abs(i - j);
                d = Math.min(d, n - d);
                if (d > k) out.add(new Link(order.get(i), order.get(j)));
            }
        }
        return out;
    }

    /** The two halves a bridge (order[0]) connects: the rest of {@code order} split in two. */
    public static List<List<String>> bridgeHalves(List<String> order) {
        List<String> rest = order.subList(1, order.size());
        int cut = rest.size() / 2;
        return List.of(List.copyOf(rest.subList(0, cut)), List.copyOf(rest.subList(cut, rest.size())));
    }

    /** Bridge: the two halves cannot talk to each other; both talk to the bridge. */
    public static Set<Link> bridge(List<String> order) {
        return cutBetween(bridgeHalves(order));
    }

    private static List<String> others(String node, List<String> all) {
        List<String> out = new ArrayList<>(all);
        out.remove(node);
        return out;
    }
}
