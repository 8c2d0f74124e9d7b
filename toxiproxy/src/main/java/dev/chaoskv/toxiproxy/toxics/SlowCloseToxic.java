package dev.chaoskv.toxiproxy.toxics;

import java.util.List;

/** Passes data unchanged but delays closing the destination by {@code delay} ms after EOF. */
record SlowCloseToxic(long delay) implements Toxic {
    static final ToxicType TYPE = new ToxicType("slow_close", List.of(Attribute.integer("delay")),
            a -> new SlowCloseToxic(a.integer("delay")));

    @Override
    public ToxicType type() {
        return TYPE;
    }

    @Override
    public AttributeValues attributes() {
        return TYPE.values(delay);
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
