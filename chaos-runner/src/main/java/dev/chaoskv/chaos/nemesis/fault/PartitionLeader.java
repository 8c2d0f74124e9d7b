package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.CutMode;

import java.util.List;
import java.util.Map;

/** partition-leader: the leader of the moment the window opens cut off from its peers, both ways. */
public record PartitionLeader(CutMode mode) implements Partition {

    static PartitionLeader draw(Draw d) {
        return new PartitionLeader(d.mode());
    }

    @Override
    public FaultKind kind() {
        return FaultKind.PARTITION_LEADER;
    }

    @Override
    public String shape() {
        return "isolate the leader";
    }

    @Override
    public Cut cut(Targets targets) {
        List<List<String>> groups = Topologies.isolation(targets.leader(), targets.nodeIds());
        return new Cut(Topologies.cutBetween(groups), Map.of("groups", groups));
    }
}
