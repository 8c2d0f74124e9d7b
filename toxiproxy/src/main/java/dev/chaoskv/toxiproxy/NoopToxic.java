package dev.chaoskv.toxiproxy;

import java.util.List;
import java.util.Map;

/** Pass-through. Accepted by the API like the real server's, though toxiproxy-java cannot parse it. */
record NoopToxic() implements Toxic {

    @Override
    public String type() {
        return "noop";
    }

    @Override
    public Map<String, Object> attributes() {
        return Map.of();
    }

    @Override
    public void pipe(StreamItem item, StageState state, List<StreamItem> out) {
        Toxic.pass(item, state, out);
    }
}
