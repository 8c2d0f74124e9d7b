package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.LinkFault;

import java.util.List;

/** reset-peer: one node's peer connections reset (TCP RST) after {@code timeoutMs}, both ways, and new ones too. */
public record ResetPeer(String node, int timeoutMs) implements OnLinks {

    private static final List<Integer> CHOICES_MS = List.of(0, 500, 2000);

    static ResetPeer draw(Draw d) {
        return new ResetPeer(d.order().get(0), OnLinks.pick(d, CHOICES_MS));
    }

    @Override
    public FaultKind kind() {
        return FaultKind.RESET_PEER;
    }

    @Override
    public LinkFault linkFault() {
        return new LinkFault.ResetPeer(timeoutMs);
    }

    @Override
    public String parameters() {
        return "connections reset after " + timeoutMs + " ms";
    }
}
