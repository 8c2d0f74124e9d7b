package dev.chaoskv.bench.kvnode;

import org.HdrHistogram.Histogram;

/** A running closed-loop load: what it has done so far and the latency since recording started. */
interface ClosedLoop extends AutoCloseable {
    /** Requests answered as intended (acknowledged writes; reads answered OK or NOT_FOUND). */
    long done();

    long errors();

    /** Starts (or restarts) latency recording; {@link #latency()} returns what was recorded since. */
    void record(boolean on);

    Histogram latency();

    @Override
    void close() throws InterruptedException;
}
