package dev.chaoskv.chaos.remote;

/**
 * A host's clock against this machine's, from one round trip: the remote time read between two
 * local readings is compared with their midpoint. Pure.
 *
 * @param offsetMs remote minus local, in milliseconds
 * @param rttMs    the round trip that bounds the measurement's error (± rtt/2)
 */
public record ClockOffset(String host, long offsetMs, long rttMs) {

    /** From local epoch-millisecond readings before and after, and the remote epoch nanoseconds read in between. */
    public static ClockOffset of(String host, long localBeforeMs, long remoteNanos, long localAfterMs) {
        long mid = localBeforeMs + (localAfterMs - localBeforeMs) / 2;
        return new ClockOffset(host, remoteNanos / 1_000_000 - mid, localAfterMs - localBeforeMs);
    }

    /** Parses the output of {@code date +%s%N}. */
    public static long parseDateNanos(String stdout) {
        String s = stdout.strip();
        if (!s.matches("\\d{10,}")) throw new IllegalArgumentException("'date +%s%N' printed '" + s + "', not epoch nanoseconds");
        return Long.parseLong(s);
    }

    /**
     * False only when the offset is beyond {@code boundMs} however the measurement erred: the true
     * offset lies within ± rtt/2 of the measured one, and a busy control host must not fail a
     * host whose clock is fine.
     */
    public boolean within(long boundMs) {
        return Math.abs(offsetMs) - rttMs / 2 <= boundMs;
    }

    @Override
    public String toString() {
        return String.format("%+d ms (± %d ms)", offsetMs, rttMs / 2 + 1);
    }
}
