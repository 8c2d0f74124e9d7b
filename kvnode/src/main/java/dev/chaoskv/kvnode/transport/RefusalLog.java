package dev.chaoskv.kvnode.transport;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs refused peer connections once per address and reason: a stranger or a misconfigured
 * node retries every few seconds, and a line per attempt would bury the rest of the log. The
 * same refusal is logged again after {@link #QUIET_NANOS}, with how many were left out.
 */
public final class RefusalLog {
    static final long QUIET_NANOS = 60_000_000_000L;
    private static final int MAX_ADDRESSES = 1024;

    private record Last(String line, long atNanos, int suppressed) {
    }

    private final Consumer<String> log;
    private final LongSupplier nanoTime;
    private final Map<String, Last> last = new HashMap<>();

    public RefusalLog(Consumer<String> log) {
        this(log, System::nanoTime);
    }

    RefusalLog(Consumer<String> log, LongSupplier nanoTime) {
        this.log = log;
        this.nanoTime = nanoTime;
    }

    /** Logs {@code line} unless the same line for {@code address} was logged within the quiet period. */
    public void refused(String address, String line) {
        String out;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            Last prev = last.get(address);
            if (prev != null && prev.line().equals(line) && now - prev.atNanos() < QUIET_NANOS) {
                last.put(address, new Last(line, prev.atNanos(), prev.suppressed() + 1));
                return;
            }
            // A flood from many addresses must not grow this without bound; forgetting only costs a repeated line.
            if (last.size() >= MAX_ADDRESSES) last.clear();
            last.put(address, new Last(line, now, 0));
            out = prev != null && prev.line().equals(line) && prev.suppressed() > 0
                    ? line + " (" + prev.suppressed() + " more times since it was last logged)"
                    : line;
        }
        log.accept(out);
    }
}
