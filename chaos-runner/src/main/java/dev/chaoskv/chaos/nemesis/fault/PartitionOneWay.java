package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.CutMode;

import java.util.LinkedHashMap;
import java.util.Map;

/** partition-one-way: the leader cannot send to its peers ({@code outbound}), or cannot hear them. */
public record PartitionOneWay(CutMode mode, boolean outbound) implements Partition {

    static PartitionOneWay draw(Draw d) {
        return new PartitionOneWay(d.mode(), d.outbound());
    }

    @Override
    public FaultKind kind() {
        return FaultKind.PARTITION_ONE_WAY;
    }

    @Override
    public String shape() {
        return outbound ? "the leader cannot send to its peers" : "the leader cannot hear its peers";
    }

    @Override
    public Cut cut(Targets targets) {
        String leader = targets.leader();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("node", leader);
        details.put("direction", outbound ? "outbound" : "inbound");
        return new Cut(Topologies.oneWay(leader, targets.nodeIds(), outbound), details);
    }
}
