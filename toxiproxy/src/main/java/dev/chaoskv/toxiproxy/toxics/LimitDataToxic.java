package dev.chaoskv.toxiproxy.toxics;

import java.util.List;

/**
 * Forwards exactly {@code bytes} bytes on this link (truncating the chunk that crosses the
 * limit), then closes the connection. The count survives updates of the toxic.
 */
record LimitDataToxic(long bytes) implements Toxic {
    static final ToxicType TYPE = new ToxicType("limit_data", List.of(Attribute.integer("bytes")),
            a -> new LimitDataToxic(a.integer("bytes")));

    @Override
    public ToxicType type() {
        return TYPE;
    }

    @Override
    public AttributeValues attributes() {
        return TYPE.values(bytes);
    }

    @Override
    public void pipe(StreamItem item, StageState state, List<StreamItem> out) {
        if (!(item instanceof StreamItem.Chunk c)) {
            Toxic.pass(item, state, out);
            return;
        }
        long remaining = Math.max(0, bytes - state.bytesTransmitted);
        int len = (int) Math.min(remaining, c.length());
        long at = state.release(c.ready());
        if (len > 0) {
            out.add(c.slice(0, len, at));
            state.bytesTransmitted += len;
            state.lastOut = at;
        }
        if (bytes - state.bytesTransmitted <= 0) {
            out.add(new StreamItem.End(at));
            state.closed = true;
        }
    }
}
