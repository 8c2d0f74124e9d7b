package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.CutMode;

import java.util.List;
import java.util.Map;

/** partition-halves: a random minority (the first n/2 of a seeded order) and the majority. */
public record PartitionHalves(CutMode mode, List<String> order) implements Partition {

    public PartitionHalves {
        order = List.copyOf(order);
    }

    static PartitionHalves draw(Draw d) {
        return new PartitionHalves(d.mode(), d.order());
    }

    @Override
    public FaultKind kind() {
        return FaultKind.PARTITION_HALVES;
    }

    public List<List<String>> halves() {
        return Topologies.halves(order);
    }

    @Override
    public String shape() {
        return "halves " + halves().get(0) + " | " + halves().get(1);
    }

    @Override
    public Cut cut(Targets targets) {
        return new Cut(Topologies.cutBetween(halves()), Map.of("groups", halves()));
    }
}
