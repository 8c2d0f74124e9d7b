package dev.chaoskv.toxiproxy.toxics;

import java.util.SplittableRandom;

/**
 * The per-link state of one toxic in one link's chain. One small mutable class serves every
 * toxic type; each uses only the fields it needs. Only touched under the link's lock.
 */
public final class StageState {
    static final long NONE = Long.MIN_VALUE;
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    final SplittableRandom random;
    /** When this stage last released an item: stages are sequential, so nothing leaves earlier. */
    long lastOut = NONE;
    /** limit_data: bytes forwarded so far; survives updates like the real server's state. */
    long bytesTransmitted;
    /** The stage has emitted End (or must drop everything from now on). */
    boolean closed;
    /** packet_loss: whether the previous chunk was dropped (for correlation). */
    boolean lastDropped;
    /** timeout: when the connection closes if no chunk arrives before then. */
    long idleDeadline = NO_DEADLINE;

    StageState(SplittableRandom random) {
        this.random = random;
    }

    /** The earliest an item that became ready at {@code ready} can leave this stage. */
    long release(long ready) {
        return lastOut == NONE ? ready : Math.max(ready, lastOut);
    }

    /** Called when the stage restarts after an update: timing restarts, counters do not. */
    void restart() {
        lastOut = NONE;
        idleDeadline = NO_DEADLINE;
    }
}
