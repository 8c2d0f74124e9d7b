package dev.chaoskv.toxiproxy;

import java.util.List;
import java.util.Map;

/**
 * Forwards nothing; on the first chunk or EOF it waits {@code timeout} ms and closes the
 * connection. The TCP RST comes from SO_LINGER=0, which {@link ProxyConnection} sets at
 * connection start when a reset_peer toxic is in the chain (as the real server does).
 */
record ResetPeerToxic(long timeout) implements Toxic {

    @Override
    public String type() {
        return "reset_peer";
    }

    @Override
    public Map<String, Object> attributes() {
        return Map.of("timeout", timeout);
    }

    @Override
    public void pipe(StreamItem item, StageState state, List<StreamItem> out) {
        out.add(new StreamItem.End(state.release(item.ready()) + Toxic.msToNanos(timeout)));
        state.closed = true;
    }
}
