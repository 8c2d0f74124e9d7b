package dev.chaoskv.toxiproxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Extension (not in Toxiproxy 2.12.0; modelled on the later upstream PR #739): drops whole
 * chunks with probability {@code loss_rate}, plus {@code correlation} when the previous chunk
 * was dropped (burst loss). On TCP this corrupts the byte stream, which is the point: it shows
 * how a protocol copes with lost frames.
 */
record PacketLossToxic(double lossRate, double correlation) implements Toxic {

    @Override
    public String type() {
        return "packet_loss";
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss_rate", lossRate);
        m.put("correlation", correlation);
        return m;
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
