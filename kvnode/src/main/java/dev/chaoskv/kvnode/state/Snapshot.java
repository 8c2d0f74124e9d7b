package dev.chaoskv.kvnode.state;

import java.util.Map;

/** The whole key/value state as of log position (lsn, term). */
public record Snapshot(long lsn, long term, Map<String, byte[]> data) {
}
