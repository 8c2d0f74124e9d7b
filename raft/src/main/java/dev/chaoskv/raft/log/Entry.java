package dev.chaoskv.raft.log;

import java.nio.charset.StandardCharsets;

/**
 * One record of the replicated log, identified by (term, lsn). Key and value are raw bytes;
 * the arrays are never mutated after construction.
 */
public record Entry(long term, long lsn, EntryType type, byte[] key, byte[] value) {
    private static final byte[] EMPTY = new byte[0];

    public Entry {
        key = key == null ? EMPTY : key;
        value = value == null ? EMPTY : value;
    }

    public static Entry noop(long term, long lsn) {
        return new Entry(term, lsn, EntryType.NOOP, EMPTY, EMPTY);
    }

    /** Same command, placed at another position of the log (used when a leader assigns LSNs). */
    public Entry at(long newTerm, long newLsn) {
        return new Entry(newTerm, newLsn, type, key, value);
    }

    /** Bytes this entry takes in a frame or a WAL record body; used for batching limits. */
    public int encodedSize() {
        return EntryCodec.HEADER_BYTES + key.length + value.length;
    }

    public String keyString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Entry{term=" + term + ", lsn=" + lsn + ", " + type + " " + keyString() + "}";
    }
}
