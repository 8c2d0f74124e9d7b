package dev.chaoskv.kvnode.server;

/** How GET is answered. */
public enum ReadMode {
    /** ReadIndex: leadership confirmed by a heartbeat round of a majority before answering (any node). */
    LINEARIZABLE,
    /** Leader lease: no round trip while a majority was heard from within half an election timeout. Assumes bounded clock drift. */
    LEASE,
    /** Any node answers from its applied state at once. Stale reads possible. */
    LOCAL
}
