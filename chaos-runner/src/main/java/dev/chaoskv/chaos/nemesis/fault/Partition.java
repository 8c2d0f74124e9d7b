package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.CutMode;

import java.util.Map;
import java.util.Set;

/** A network cut of peer links in a {@link CutMode}; the kinds differ in which links they cut. */
public sealed interface Partition extends Fault
        permits PartitionOne, PartitionLeader, PartitionHalves, PartitionRing, PartitionBridge, PartitionOneWay {

    CutMode mode();

    /** What is cut, for the dry run, e.g. "isolate n3". */
    String shape();

    /** The links to cut, resolved now. */
    Cut cut(Targets targets);

    /**
     * @param links   the directed peer links to cut
     * @param details what the history records of the cut's shape besides the links (groups, bridge...), in order
     */
    record Cut(Set<Topologies.Link> links, Map<String, Object> details) {
    }

    @Override
    default String describe() {
        return kind().wireName() + " (" + mode().wireName() + "): " + shape();
    }

    @Override
    default Injection resolve(Targets targets) {
        Cut c = cut(targets);
        return new Injection.CutLinks(kind(), mode(), targets.linkNames(c.links()), c.details());
    }
}
