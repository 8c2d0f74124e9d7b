package dev.chaoskv.toxiproxy.toxics;

import java.util.List;

/**
 * Extension (not in Toxiproxy 2.12.0; modelled on the later upstream PR #739): drops whole
 * chunks with probability {@code loss_rate}, plus {@code correlation} when the previous chunk
 * was dropped (burst loss). On TCP this corrupts the byte stream, which is the point: it shows
 * how a protocol copes with lost frames.
 */
record PacketLossToxic(double lossRate, double correlation) implements Toxic {
    static final ToxicType TYPE = new ToxicType("packet_loss",
            List.of(Attribute.number("loss_rate"), Attribute.number("correlation")),
            a -> new PacketLossToxic(a.number("loss_rate"), a.number("correlation")));

    @Override
    public ToxicType type() {
        return TYPE;
    }

    @Override
    public AttributeValues attributes() {
        return TYPE.values(lossRate, correlation);
    }

    @Override
    public void pipe(StreamItem item, StageState state, List<StreamItem> out) {
        if (!(item instanceof StreamItem.Chunk)) {
            Toxic.pass(item, state, out);
            return;
        }
        double p = lossRate + (state.lastDropped ? correlation : 0);
        state.lastDropped = state.random.nextDouble() < p;
        if (!state.lastDropped) {
            Toxic.pass(item, state, out);
        }
    }
}
