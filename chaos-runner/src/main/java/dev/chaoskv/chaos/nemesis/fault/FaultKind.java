package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.LinkFault;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntBinaryOperator;

/**
 * The nemesis catalogue: every fault the runner can inject, by the name used in
 * {@code --nemesis}, with the class that draws it from the seed. Group names (partition, kill,
 * pause) expand to every member that fits the cluster size.
 */
public enum FaultKind {
    // faulty: how many nodes the fault takes out of the majority, given (cluster size, --max-faulty)
    PARTITION_ONE("partition-one", "one random node cut off from its peers, both ways", 3, (n, max) -> 1,
            PartitionOne::draw),
    PARTITION_LEADER("partition-leader", "the current leader cut off from its peers, both ways", 3, (n, max) -> 1,
            PartitionLeader::draw),
    PARTITION_HALVES("partition-halves", "random minority and majority halves", 3, (n, max) -> n / 2, // the smaller side
            PartitionHalves::draw),
    PARTITION_RING("partition-ring", "every node sees a different majority (5+ nodes)", 5, (n, max) -> 0,
            PartitionRing::draw),
    PARTITION_BRIDGE("partition-bridge", "two halves that both see one bridge node", 3, (n, max) -> 0,
            PartitionBridge::draw),
    PARTITION_ONE_WAY("partition-one-way", "the leader cannot send, or cannot hear (one way)", 3, (n, max) -> 1,
            PartitionOneWay::draw),
    KILL_ONE("kill-one", "kill -9 one random node; restart at window end", 3, (n, max) -> 1, KillOne::draw),
    KILL_LEADER("kill-leader", "kill -9 the current leader; restart at window end", 3, (n, max) -> 1, KillLeader::draw),
    KILL_MINORITY("kill-minority", "kill -9 --max-faulty random nodes; restart at end", 3, (n, max) -> max,
            KillMinority::draw),
    PAUSE_ONE("pause-one", "SIGSTOP one random node; SIGCONT at window end", 3, (n, max) -> 1, PauseOne::draw),
    PAUSE_LEADER("pause-leader", "SIGSTOP the current leader; SIGCONT at window end", 3, (n, max) -> 1, PauseLeader::draw),
    LATENCY("latency", "latency with jitter on every peer link", 2, (n, max) -> 0, Latency::draw),
    BANDWIDTH("bandwidth", "one random node's peer links limited to a few KB/s", 2, (n, max) -> 0, Bandwidth::draw),
    SLICER("slicer", "one random node's peer traffic sliced into small delayed writes", 2, (n, max) -> 0, Slicer::draw),
    RESET_PEER("reset-peer", "one random node's peer connections reset (TCP RST)", 3, (n, max) -> 1, ResetPeer::draw),
    PACKET_LOSS("packet-loss", "random packet loss on one random node's peer links", 2, (n, max) -> 0, PacketLoss::draw);

    private final String wireName;
    private final String description;
    private final int minNodes;
    private final IntBinaryOperator faulty;
    private final Function<Draw, Fault> draw;

    FaultKind(String wireName, String description, int minNodes, IntBinaryOperator faulty, Function<Draw, Fault> draw) {
        this.wireName = wireName;
        this.description = description;
        this.minNodes = minNodes;
        this.faulty = faulty;
        this.draw = draw;
    }

    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }

    /** Smallest cluster this fault makes sense for. */
    public int minNodes() {
        return minNodes;
    }

    /** Nodes this fault takes out of the majority (kill, pause, the minority side of a cut); 0 = every node still reaches a majority. */
    public int faultyNodes(int clusterSize, int maxFaulty) {
        return faulty.applyAsInt(clusterSize, maxFaulty);
    }

    /** The link fault this kind needs of the network mechanism (which may not offer it), or null for cuts, latency and process faults. */
    public LinkFault.Kind linkFault() {
        return switch (this) {
            case BANDWIDTH -> LinkFault.Kind.BANDWIDTH;
            case SLICER -> LinkFault.Kind.SLICER;
            case RESET_PEER -> LinkFault.Kind.RESET_PEER;
            case PACKET_LOSS -> LinkFault.Kind.PACKET_LOSS;
            default -> null;
        };
    }

    /** A fault of this kind, its random targets taken from {@code d}. */
    public Fault draw(Draw d) {
        return draw.apply(d);
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
            List<FaultKind> group = group(name);
            if (group != null) {
                group.stream().filter(k -> clusterSize >= k.minNodes()).forEach(out::add);
                continue;
            }
            FaultKind k = Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + raw.trim() + "' (known: "
                            + String.join(", ", known()) + ")"));
            if (clusterSize < k.minNodes()) {
                throw new IllegalArgumentException("fault '" + k.wireName + "' " + tooSmall(k, clusterSize));
            }
            out.add(k);
        }
        return new ArrayList<>(out);
    }

    /**
     * A requested fault (a name, or a group none of whose members fits) that this run cannot
     * inject, and why: reported, never counted as injected.
     */
    public record Skipped(String fault, String reason) {
        /** For the history's "skip" nemesis event and run.json. */
        public Map<String, Object> value() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("fault", fault);
            v.put("reason", reason);
            return v;
        }
    }

    /**
     * The groups in {@code names} of which no member fits the cluster, so that {@link #parse}
     * draws nothing from them. (A group of which some members fit stands for those members.)
     */
    public static List<Skipped> leftOut(List<String> names, int clusterSize) {
        Set<String> seen = new LinkedHashSet<>();
        List<Skipped> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            List<FaultKind> group = group(name);
            if (group == null || !seen.add(name) || group.stream().anyMatch(k -> clusterSize >= k.minNodes())) continue;
            int least = group.stream().mapToInt(FaultKind::minNodes).min().orElse(0);
            out.add(new Skipped(name, "every fault of the group needs at least " + least + " nodes, the cluster has "
                    + clusterSize));
        }
        return out;
    }

    /** Why a fault does not fit a cluster of {@code clusterSize} nodes. */
    public static String tooSmall(FaultKind k, int clusterSize) {
        return "needs at least " + k.minNodes() + " nodes, the cluster has " + clusterSize;
    }

    /** The members of a group name, or null if {@code name} is not a group. */
    private static List<FaultKind> group(String name) {
        return switch (name) {
            case "partition", "kill", "pause" -> Arrays.stream(values()).filter(v -> v.wireName.startsWith(name + "-")).toList();
            case "all" -> List.of(values());
            default -> null;
        };
    }

    public static List<String> known() {
        List<String> all = new ArrayList<>(GROUPS);
        for (FaultKind k : values()) all.add(k.wireName);
        return all;
    }
}
