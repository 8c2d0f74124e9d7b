package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.LinkFault;

import java.util.List;

/** bandwidth: what one node sends to and receives from its peers limited to {@code rateKBps} KB/s. */
public record Bandwidth(String node, int rateKBps) implements OnLinks {

    private static final List<Integer> CHOICES_KBPS = List.of(16, 64, 256);

    static Bandwidth draw(Draw d) {
        return new Bandwidth(d.order().get(0), OnLinks.pick(d, CHOICES_KBPS));
    }

    @Override
    public FaultKind kind() {
        return FaultKind.BANDWIDTH;
    }

    @Override
    public LinkFault linkFault() {
        return new LinkFault.Bandwidth(rateKBps);
    }

    @Override
    public String parameters() {
        return rateKBps + " KB/s";
    }
}
