package dev.chaoskv.toxiproxy;

import java.util.List;
import java.util.Map;

/** Passes data unchanged but delays closing the destination by {@code delay} ms after EOF. */
record SlowCloseToxic(long delay) implements Toxic {

    @Override
    public String type() {
        return "slow_close";
    }

    @Override
    public Map<String, Object> attributes() {
        return Map.of("delay", delay);
    }

    @Override
    public void pipe(StreamItem item, StageState state, List<StreamItem> out) {
        if (item instanceof StreamItem.End end) {
            out.add(end.readyAt(state.release(end.ready()) + Toxic.msToNanos(delay)));
            state.closed = true;
        } else {
            Toxic.pass(item, state, out);
        }
    }
}
