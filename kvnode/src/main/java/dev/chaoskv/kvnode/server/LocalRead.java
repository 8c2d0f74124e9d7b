package dev.chaoskv.kvnode.server;

import dev.chaoskv.client.protocol.Response;
import dev.chaoskv.kvnode.state.KvState;

/** A GET answered from this node's applied state, with the LSN that state has reached. */
final class LocalRead {
    private LocalRead() {
    }

    static Response answer(KvState state, String key) {
        byte[] v = state.get(key);
        long applied = state.appliedLsn();
        return v == null ? new Response.NotFound(applied) : new Response.Ok(applied, v);
    }
}
