package dev.chaoskv.toxiproxy.toxics;

import java.util.List;

/**
 * Drops every byte on its stream. With {@code timeout} > 0 it closes the connection once no
 * chunk has arrived for that many ms (each chunk restarts the timer); with 0 it never closes,
 * which makes it a blackhole. Removing it closes the connections it was applied to (the real
 * server's Cleanup); the link does that.
 */
record TimeoutToxic(long timeout) implements Toxic {
    static final ToxicType TYPE = new ToxicType("timeout", List.of(Attribute.integer("timeout")),
            a -> new TimeoutToxic(a.integer("timeout")));

    @Override
    public ToxicType type() {
        return TYPE;
    }

    @Override
    public AttributeValues attributes() {
        return TYPE.values(timeout);
    }

    @Override
    public void start(StageState state, long now) {
        state.idleDeadline = timeout > 0 ? now + Toxic.msToNanos(timeout) : StageState.NO_DEADLINE;
    }

    @Override
    public void pipe(StreamItem item, StageState state, List<StreamItem> out) {
        if (item instanceof StreamItem.End end) {
            Toxic.passEnd(end, state, out);
            state.idleDeadline = StageState.NO_DEADLINE;
        } else if (timeout > 0) {
            state.idleDeadline = item.ready() + Toxic.msToNanos(timeout); // data is dropped
        }
    }
}
