package dev.chaoskv.checker.state;

import java.util.Map;

/**
 * One node's state after heal, from final.json. A node that could not be reached has only
 * {@code error} set.
 */
public record NodeState(String id, String role, long term, long lastLsn, long commitLsn, long appliedLsn,
                        String digest, Map<String, String> data, String error) {

    public static NodeState unreachable(String id, String error) {
        return new NodeState(id, null, -1, -1, -1, -1, null, Map.of(), error);
    }

    public boolean reachable() {
        return error == null;
    }
}
