package dev.chaoskv.raft;

import dev.chaoskv.raft.log.Entry;

import java.io.IOException;
import java.util.List;

/**
 * Read-only view of the durable log that the consensus core consults (the WAL in a node, a list
 * in the simulation). The core never writes through it: it returns what to persist in a
 * {@link Ready} and the driver writes it.
 */
public interface LogStore {
    /** Durable entries {@code from..to} inclusive, stopping once {@code maxBytes} is passed (at least one). */
    List<Entry> read(long from, long to, long maxBytes) throws IOException;
}
