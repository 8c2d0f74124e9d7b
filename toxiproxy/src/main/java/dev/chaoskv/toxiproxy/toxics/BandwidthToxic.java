package dev.chaoskv.toxiproxy.toxics;

import java.util.List;

/**
 * Limits a stream to {@code rate} KB/s (1 KB = 1000 B): each chunk adds len/rate ms, and
 * chunks larger than rate×100 B go out in rate×100 B pieces every 100 ms, as in the real
 * server. A rate of 0 stalls the stream as the real one does (its loop sends empty pieces
 * forever): no data and no close pass until the toxic is updated or removed, which releases
 * what it held. A negative rate, which panics the real server, means unlimited.
 */
record BandwidthToxic(long rate) implements Toxic {
    static final ToxicType TYPE = new ToxicType("bandwidth", List.of(Attribute.integer("rate")),
            a -> new BandwidthToxic(a.integer("rate")));

    @Override
    public ToxicType type() {
        return TYPE;
    }

    @Override
    public AttributeValues attributes() {
        return TYPE.values(rate);
    }
    private static final long PIECE_INTERVAL = 100 * MS;

    @Override
    public void pipe(StreamItem item, StageState state, List<StreamItem> out) {
        if (!(item instanceof StreamItem.Chunk c) || rate < 0) {
            Toxic.pass(item, state, out); // an End waits behind held data (release), as in the real loop
            return;
        }
        if (rate == 0) {
            long held = state.release(c.ready() + Toxic.HELD);
            state.lastOut = held;
            out.add(c.readyAt(held));
            return;
        }
        long t = state.release(c.ready());
        long piece = rate > Integer.MAX_VALUE / 100 ? Integer.MAX_VALUE : rate * 100;
        int from = 0;
        int left = c.length();
        while (left > piece) {
            t += PIECE_INTERVAL;
            out.add(c.slice(from, (int) piece, t));
            from += (int) piece;
            left -= (int) piece;
        }
        t += left * 1_000_000L / rate; // left bytes at rate KB/s = left/rate ms
        out.add(c.slice(from, left, t));
        state.lastOut = t;
    }
}
