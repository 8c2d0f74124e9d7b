package dev.chaoskv.toxiproxy.toxics;

import java.util.List;

/**
 * One configured toxic: its attributes (immutable, as a record) and what it does to the items
 * of one link. {@link #pipe} must not block or sleep: it computes when each item may leave
 * ({@link StreamItem#ready()}) and the link's event loop writes it then. Each implementation
 * declares its {@link ToxicType} as {@code TYPE} and is listed in {@link ToxicTypes}.
 */
public interface Toxic {

    long MS = 1_000_000L;

    /**
     * How far ahead an item is scheduled that waits until its toxic is updated or removed
     * (bandwidth at rate 0): far beyond any delay a toxic computes ({@link #msToNanos} caps at
     * 11.5 days), yet small enough that differences of nanoTime values cannot overflow.
     */
    long HELD = 1L << 62;

    /** Whether an item due at {@code ready} waits for its toxic to change (see {@link #HELD}). */
    static boolean held(long ready, long now) {
        return ready - now > HELD / 2;
    }

    /** The type this toxic was made by. */
    ToxicType type();

    /** Every attribute, zero values included, in the real server's field order. */
    AttributeValues attributes();

    /** Handles one item that reached this stage; emits zero or more items to {@code out}. */
    void pipe(StreamItem item, StageState state, List<StreamItem> out);

    /** Called when this toxic's stage (re)starts on a link. */
    default void start(StageState state, long now) {
    }

    /** Default end-of-stream handling: close once everything before has left. */
    static void passEnd(StreamItem.End end, StageState state, List<StreamItem> out) {
        out.add(end.readyAt(state.release(end.ready())));
        state.closed = true;
    }

    /** Forwards an item unchanged, except that it cannot overtake earlier items. */
    static void pass(StreamItem item, StageState state, List<StreamItem> out) {
        if (item instanceof StreamItem.End end) {
            passEnd(end, state, out);
            return;
        }
        long at = state.release(item.ready());
        state.lastOut = at;
        out.add(item.ready() == at ? item : item.readyAt(at));
    }

    /** Milliseconds to nanoseconds, clamped so that huge values cannot overflow time sums. */
    static long msToNanos(long ms) {
        long capped = Math.max(-1_000_000_000L, Math.min(ms, 1_000_000_000L)); // ±11.5 days
        return capped * MS;
    }
}
