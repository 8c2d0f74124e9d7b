package dev.chaoskv.raft;

import dev.chaoskv.raft.log.Entry;

import java.util.List;

/**
 * Everything the consensus core asks its driver to do after a batch of inputs, in this order:
 * <ol>
 *   <li>persist {@code hardState} (if not null) and the log change ({@code truncateAfter}, then
 *       {@code append}), durably;</li>
 *   <li>call {@link RaftCore#persisted(long)} with the last appended LSN;</li>
 *   <li>send {@code messages} (a leader may send its Appends before step 1 when {@code hardState} is null);</li>
 *   <li>apply {@code committed} entries in order, then serve {@code reads} whose index is applied;</li>
 *   <li>stream a snapshot to each peer in {@code snapshotRequests} (they need compacted entries),
 *       reporting failure with {@link RaftCore#snapshotFailed(String)}.</li>
 * </ol>
 */
public record Ready(HardState hardState, long truncateAfter, List<Entry> append, List<Outbound> messages,
                   List<Entry> committed, List<ReadState> reads, List<String> unreachable,
                   List<String> snapshotRequests, List<String> events) {

    public boolean isEmpty() {
        return hardState == null && truncateAfter < 0 && append.isEmpty() && messages.isEmpty()
                && committed.isEmpty() && reads.isEmpty() && unreachable.isEmpty() && snapshotRequests.isEmpty()
                && events.isEmpty();
    }

    /** The term and vote, which must be durable before any message that depends on them is sent. */
    public record HardState(long term, String votedFor) {
    }

    public record Outbound(String to, Message message) {
    }

    /** A linearizable read with context {@code ctx} may be served once the state has applied {@code index}. */
    public record ReadState(long ctx, long index) {
    }
}
