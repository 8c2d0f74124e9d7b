package dev.chaoskv.checker.state;

/** One line of lag.jsonl; {@code error} is set (and the numbers are -1) when the node did not answer. */
public record LagSample(long time, String node, String role, long term, long lastLsn, long commitLsn,
                        long appliedLsn, String error) {
    public boolean isLeader() {
        return error == null && "leader".equals(role);
    }
}
