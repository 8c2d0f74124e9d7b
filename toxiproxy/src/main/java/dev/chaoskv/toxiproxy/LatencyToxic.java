package dev.chaoskv.toxiproxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Delays each chunk to read-time + latency ± jitter. Like the real server it does not cap
 * throughput (chunks wait concurrently, measured from when they were read) and keeps order.
 */
record LatencyToxic(long latency, long jitter) implements Toxic {

    @Override
    public String type() {
        return "latency";
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latency", latency);
        m.put("jitter", jitter);
        return m;
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
