package dev.chaoskv.chaos.nemesis;

import dev.chaoskv.chaos.network.CutMode;
import java.util.List;

/**
 * One planned fault, as far as the seed decides it. Targets that depend on the cluster at run
 * time (the current leader) are left symbolic and resolved by {@link Nemesis} when the window
 * opens; random targets are drawn here, from the seed.
 */
public sealed interface Fault {

    FaultKind kind();

    /** Human-readable one-liner for the dry run and the status line. */
    String describe();

    /**
     * A network cut. {@code order} is a seeded permutation of the node ids: ONE isolates
     * order[0]; HALVES puts the first n/2 on the minority side; RING lays the nodes out in this
     * order; BRIDGE uses order[0] as the bridge. {@code outbound} matters for ONE_WAY only.
     */
    record Partition(FaultKind kind, CutMode mode, List<String> order, boolean outbound) implements Fault {
        public Partition {
            order = List.copyOf(order);
        }

        @Override
        public String describe() {
            String what = switch (kind) {
                case PARTITION_ONE -> "isolate " + order.get(0);
                case PARTITION_LEADER -> "isolate the leader";
                case PARTITION_HALVES -> "halves " + order.subList(0, order.size() / 2) + " | "
                        + order.subList(order.size() / 2, order.size());
                case PARTITION_RING -> "majorities ring " + order;
                case PARTITION_BRIDGE -> "bridge " + order.get(0) + " between " + Topologies.bridgeHalves(order);
                case PARTITION_ONE_WAY -> outbound ? "the leader cannot send to its peers" : "the leader cannot hear its peers";
                default -> throw new IllegalStateException(kind.toString());
            };
            return kind.wireName() + " (" + mode.wireName() + "): " + what;
        }
    }

    /** kill -9, restart when the window closes. {@code nodes} are the seeded picks (unused for KILL_LEADER). */
    record Kill(FaultKind kind, List<String> nodes) implements Fault {
        public Kill {
            nodes = List.copyOf(nodes);
        }

        @Override
        public String describe() {
            return kind.wireName() + ": " + (kind == FaultKind.KILL_LEADER ? "the leader" : String.join(",", nodes));
        }
    }

    /** SIGSTOP, SIGCONT when the window closes. */
    record Pause(FaultKind kind, List<String> nodes) implements Fault {
        public Pause {
            nodes = List.copyOf(nodes);
        }

        @Override
        public String describe() {
            return kind.wireName() + ": " + (kind == FaultKind.PAUSE_LEADER ? "the leader" : String.join(",", nodes));
        }
    }

    /** Latency (ms) with uniform jitter (ms) on every peer link, in the sending direction. */
    record Latency(FaultKind kind, int latencyMs, int jitterMs) implements Fault {
        @Override
        public String describe() {
            return kind.wireName() + ": " + latencyMs + " ms +/- " + jitterMs + " ms on every peer link";
        }
    }
}
