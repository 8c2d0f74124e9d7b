package dev.chaoskv.bench.kvnode;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A running closed-loop load: what it has done so far and the latency since recording started. */
abstract class ClosedLoop implements AutoCloseable {
    private final AtomicBoolean recording = new AtomicBoolean();
    private final AtomicLong done = new AtomicLong(), errors = new AtomicLong();
    private final Recorder latency = new Recorder(3);

    /** A request was answered as intended, {@code nanos} after it was sent. */
    final void succeeded(long nanos) {
        done.incrementAndGet();
        if (recording.get()) latency.recordValue(nanos);
    }

    final void failed() {
        errors.incrementAndGet();
    }

    /** Requests answered as intended (acknowledged writes; reads answered OK or NOT_FOUND). */
    final long done() {
        return done.get();
    }

    final long errors() {
        return errors.get();
    }

    /** Starts (or restarts) latency recording; {@link #latency()} returns what was recorded since. */
    final void record(boolean on) {
        if (on) latency.reset();
        recording.set(on);
    }

    final Histogram latency() {
        return latency.getIntervalHistogram();
    }

    @Override
    public abstract void close() throws InterruptedException;
}
