package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.LinkFault;

import java.util.List;

/**
 * A fault on every peer link of one seeded node, both ways: a Toxiproxy toxic or netem / iptables
 * rule beyond a cut and latency ({@link LinkFault}). The network mechanism may not offer it: the
 * run then skips the kind with the mechanism's reason.
 */
public sealed interface OnLinks extends Fault permits Bandwidth, Slicer, ResetPeer, PacketLoss {

    /** The node whose links suffer. */
    String node();

    /** What its links suffer. */
    LinkFault linkFault();

    /** The parameters, as the history and the dry run show them. */
    String parameters();

    @Override
    default String describe() {
        return kind().wireName() + ": " + parameters() + " on every peer link of " + node() + ", both ways";
    }

    @Override
    default Injection resolve(Targets targets) {
        List<String> links = targets.linkNames(Topologies.isolate(node(), targets.nodeIds()));
        return new Injection.DegradeLinks(kind(), node(), links, linkFault());
    }

    /** One of {@code choices}, from the seed. */
    static int pick(Draw d, List<Integer> choices) {
        return choices.get(d.random().nextInt(choices.size()));
    }
}
