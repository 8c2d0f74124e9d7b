package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.CutMode;

import java.util.List;
import java.util.Map;

/** partition-ring: nodes on a seeded circle, each seeing only its neighbours: every node a different majority. */
public record PartitionRing(CutMode mode, List<String> order) implements Partition {

    public PartitionRing {
        order = List.copyOf(order);
    }

    static PartitionRing draw(Draw d) {
        return new PartitionRing(d.mode(), d.order());
    }

    @Override
    public FaultKind kind() {
        return FaultKind.PARTITION_RING;
    }

    @Override
    public String shape() {
        return "majorities ring " + order;
    }

    @Override
    public Cut cut(Targets targets) {
        return new Cut(Topologies.ring(order), Map.of());
    }
}
