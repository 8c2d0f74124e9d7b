package dev.chaoskv.toxiproxy.toxics;

import java.util.List;

/**
 * Delays each chunk to read-time + latency ± jitter. Like the real server it does not cap
 * throughput (chunks wait concurrently, measured from when they were read) and keeps order.
 */
record LatencyToxic(long latency, long jitter) implements Toxic {
    static final ToxicType TYPE = new ToxicType("latency", List.of(Attribute.integer("latency"), Attribute.integer("jitter")),
            a -> new LatencyToxic(a.integer("latency"), a.integer("jitter")));

    @Override
    public ToxicType type() {
        return TYPE;
    }

    @Override
    public AttributeValues attributes() {
        return TYPE.values(latency, jitter);
    }

    @Override
    public void pipe(StreamItem item, StageState state, List<StreamItem> out) {
        if (item instanceof StreamItem.Chunk c) {
            long delayMs = latency;
            if (jitter > 0) {
                delayMs += state.random.nextLong(jitter * 2) - jitter; // uniform [-jitter, +jitter)
            }
            long delay = Toxic.msToNanos(delayMs);
            long at = Math.max(state.release(c.ready()), c.stamp() + delay);
            state.lastOut = at;
            out.add(new StreamItem.Chunk(c.data(), c.offset(), c.length(), c.stamp() + delay, at));
        } else {
            Toxic.pass(item, state, out);
        }
    }
}
