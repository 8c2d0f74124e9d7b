package dev.chaoskv.chaos.nemesis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The nemesis catalogue: every fault the runner can inject, by the name used in
 * {@code --nemesis}. Group names (partition, kill, pause) expand to every member that fits the
 * cluster size.
 */
public enum FaultKind {
    PARTITION_ONE("partition-one", "one random node cut off from its peers, both ways"),
    PARTITION_LEADER("partition-leader", "the current leader cut off from its peers, both ways"),
    PARTITION_HALVES("partition-halves", "random minority and majority halves"),
    PARTITION_RING("partition-ring", "every node sees a different majority (5+ nodes)"),
    PARTITION_BRIDGE("partition-bridge", "two halves that both see one bridge node"),
    PARTITION_ONE_WAY("partition-one-way", "the leader cannot send, or cannot hear (one way)"),
    KILL_ONE("kill-one", "kill -9 one random node; restart at window end"),
    KILL_LEADER("kill-leader", "kill -9 the current leader; restart at window end"),
    KILL_MINORITY("kill-minority", "kill -9 --max-faulty random nodes; restart at end"),
    PAUSE_ONE("pause-one", "SIGSTOP one random node; SIGCONT at window end"),
    PAUSE_LEADER("pause-leader", "SIGSTOP the current leader; SIGCONT at window end"),
    LATENCY("latency", "latency with jitter on every peer link");

    private final String wireName;
    private final String description;

    FaultKind(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }

    public boolean isPartition() {
        return wireName.startsWith("partition");
    }

    /** Smallest cluster this fault makes sense for. */
    public int minNodes() {
        return switch (this) {
            case PARTITION_RING -> 5;
            case LATENCY -> 2;
            default -> 3;
        };
    }

    /** Nodes this fault takes out of the majority (kill, pause, the minority side of a cut). */
    public int faultyNodes(int clusterSize, int maxFaulty) {
        return switch (this) {
            case PARTITION_ONE, PARTITION_LEADER, PARTITION_ONE_WAY, KILL_ONE, KILL_LEADER, PAUSE_ONE, PAUSE_LEADER -> 1;
            case PARTITION_HALVES -> clusterSize / 2; // the smaller side
            case KILL_MINORITY -> maxFaulty;
            case PARTITION_RING, PARTITION_BRIDGE, LATENCY -> 0; // every node still reaches a majority
        };
    }

    public static final List<String> GROUPS = List.of("partition", "kill", "pause", "all", "none");

    /**
     * Parses a {@code --nemesis} list such as "partition,kill-leader". Explicit names that do not fit
     * the cluster are errors; group members that do not fit are left out.
     *
     * @throws IllegalArgumentException naming the unknown or unfit fault
     */
    public static List<FaultKind> parse(List<String> names, int clusterSize) {
        Set<FaultKind> out = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.equals("none")) continue;
            List<FaultKind> group = switch (name) {
                case "partition" -> Arrays.stream(values()).filter(FaultKind::isPartition).toList();
                case "kill" -> List.of(KILL_ONE, KILL_LEADER, KILL_MINORITY);
                case "pause" -> List.of(PAUSE_ONE, PAUSE_LEADER);
                case "all" -> List.of(values());
                default -> null;
            };
            if (group != null) {
                group.stream().filter(k -> clusterSize >= k.minNodes()).forEach(out::add);
                continue;
            }
            FaultKind k = Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + raw.trim() + "' (known: "
                            + String.join(", ", known()) + ")"));
            if (clusterSize < k.minNodes()) {
                throw new IllegalArgumentException("fault '" + k.wireName + "' needs at least " + k.minNodes()
                        + " nodes, the cluster has " + clusterSize);
            }
            out.add(k);
        }
        return new ArrayList<>(out);
    }

    public static List<String> known() {
        List<String> all = new ArrayList<>(GROUPS);
        for (FaultKind k : values()) all.add(k.wireName);
        return all;
    }
}
