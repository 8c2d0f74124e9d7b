package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.CutMode;

import java.util.List;
import java.util.Map;

/** partition-one: one random node cut off from its peers, both ways. */
public record PartitionOne(CutMode mode, String node) implements Partition {

    static PartitionOne draw(Draw d) {
        return new PartitionOne(d.mode(), d.order().get(0));
    }

    @Override
    public FaultKind kind() {
        return FaultKind.PARTITION_ONE;
    }

    @Override
    public String shape() {
        return "isolate " + node;
    }

    @Override
    public Cut cut(Targets targets) {
        List<List<String>> groups = Topologies.isolation(node, targets.nodeIds());
        return new Cut(Topologies.cutBetween(groups), Map.of("groups", groups));
    }
}
