package dev.chaoskv.toxiproxy.toxics;

import java.util.List;

/** Pass-through. Accepted by the API like the real server's, though toxiproxy-java cannot parse it. */
record NoopToxic() implements Toxic {
    static final ToxicType TYPE = new ToxicType("noop", List.of(), a -> new NoopToxic());

    @Override
    public ToxicType type() {
        return TYPE;
    }

    @Override
    public AttributeValues attributes() {
        return TYPE.values();
    }

    @Override
    public void pipe(StreamItem item, StageState state, List<StreamItem> out) {
        Toxic.pass(item, state, out);
    }
}
