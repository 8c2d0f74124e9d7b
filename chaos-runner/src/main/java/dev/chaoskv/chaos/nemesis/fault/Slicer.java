package dev.chaoskv.chaos.nemesis.fault;

import dev.chaoskv.chaos.network.LinkFault;

import java.util.List;

/** slicer: one node's peer traffic cut into small writes of about {@code averageSize} bytes, {@code delayMicros} apart. */
public record Slicer(String node, int averageSize, int sizeVariation, int delayMicros) implements OnLinks {

    private static final List<Integer> SIZES = List.of(16, 64, 256), DELAYS_US = List.of(100, 1000, 5000);

    static Slicer draw(Draw d) {
        int size = OnLinks.pick(d, SIZES);
        return new Slicer(d.order().get(0), size, size / 2, OnLinks.pick(d, DELAYS_US));
    }

    @Override
    public FaultKind kind() {
        return FaultKind.SLICER;
    }

    @Override
    public LinkFault linkFault() {
        return new LinkFault.Slicer(averageSize, sizeVariation, delayMicros);
    }

    @Override
    public String parameters() {
        return averageSize + " +/- " + sizeVariation + " byte slices, " + delayMicros + " us apart";
    }
}
