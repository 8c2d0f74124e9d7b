package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.CutMode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** partition-bridge: two halves that cannot talk to each other, both talking to one bridge node (order[0]). */
public record PartitionBridge(CutMode mode, List<String> order) implements Partition {

    public PartitionBridge {
        order = List.copyOf(order);
    }

    static PartitionBridge draw(Draw d) {
        return new PartitionBridge(d.mode(), d.order());
    }

    @Override
    public FaultKind kind() {
        return FaultKind.PARTITION_BRIDGE;
    }

    @Override
    public String shape() {
        return "bridge " + order.get(0) + " between " + Topologies.bridgeHalves(order);
    }

    @Override
    public Cut cut(Targets targets) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bridge", order.get(0));
        details.put("groups", Topologies.bridgeHalves(order));
        return new Cut(Topologies.bridge(order), details);
    }
}
