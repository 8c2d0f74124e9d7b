package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.LinkFault;

import java.util.List;

/** packet-loss: {@code percent} % of the packets between one node and its peers dropped at random. */
public record PacketLoss(String node, int percent) implements OnLinks {

    private static final List<Integer> CHOICES_PERCENT = List.of(5, 20, 50);

    static PacketLoss draw(Draw d) {
        return new PacketLoss(d.order().get(0), OnLinks.pick(d, CHOICES_PERCENT));
    }

    @Override
    public FaultKind kind() {
        return FaultKind.PACKET_LOSS;
    }

    @Override
    public LinkFault linkFault() {
        return new LinkFault.PacketLoss(percent);
    }

    @Override
    public String parameters() {
        return percent + " % packet loss";
    }
}
