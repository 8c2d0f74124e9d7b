package dev.chaoskv.toxiproxy.toxics;

import java.util.List;

/**
 * Forwards nothing; on the first chunk or EOF it waits {@code timeout} ms and closes the
 * connection. The TCP RST comes from SO_LINGER=0, which the proxy's connection sets at
 * connection start when a reset_peer toxic is in the chain (as the real server does).
 */
record ResetPeerToxic(long timeout) implements Toxic {
    static final ToxicType TYPE = new ToxicType("reset_peer", List.of(Attribute.integer("timeout")),
            a -> new ResetPeerToxic(a.integer("timeout")));

    @Override
    public ToxicType type() {
        return TYPE;
    }

    @Override
    public AttributeValues attributes() {
        return TYPE.values(timeout);
    }

    @Override
    public void pipe(StreamItem item, StageState state, List<StreamItem> out) {
        out.add(new StreamItem.End(state.release(item.ready()) + Toxic.msToNanos(timeout)));
        state.closed = true;
    }
}
