package dev.chaoskv.kvnode.metrics;

import dev.chaoskv.common.PrometheusText;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed bucket bounds, safe to observe from any number of threads
 * without a lock or an allocation: one atomic increment of the bucket the value falls in and
 * one add to the sum. The count is the sum of the buckets, so a scrape always sees a +Inf
 * bucket equal to {@code _count}.
 */
public final class Histogram {
    /** Request latencies: half a millisecond to the longest commit timeout anyone sets. */
    static final double[] REQUEST_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** fsync latencies: from a cached SSD write to a disk that stalls. */
    static final double[] FSYNC_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final double[] boundsSeconds;
    private final long[] boundsNanos;
    /** Per bucket, not cumulative (last: above every bound), so an observation touches one slot. */
    private final AtomicLongArray counts;
    private final LongAdder sumNanos = new LongAdder();

    public Histogram(double[] boundsSeconds) {
        for (int i = 1; i < boundsSeconds.length; i++) {
            if (!(boundsSeconds[i] > boundsSeconds[i - 1])) throw new IllegalArgumentException("bucket bounds must increase: " + boundsSeconds[i - 1] + ", " + boundsSeconds[i]);
        }
        this.boundsSeconds = boundsSeconds.clone();
        this.boundsNanos = new long[boundsSeconds.length];
        for (int i = 0; i < boundsSeconds.length; i++) boundsNanos[i] = Math.round(boundsSeconds[i] * 1e9);
        this.counts = new AtomicLongArray(boundsSeconds.length + 1);
    }

    public void observeNanos(long nanos) {
        int i = 0;
        // A dozen bounds: a linear scan beats a binary search's branches.
        while (i < boundsNanos.length && nanos > boundsNanos[i]) i++;
        counts.incrementAndGet(i);
        sumNanos.add(Math.max(0, nanos));
    }

    /** Observations so far (the +Inf bucket). */
    public long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) n += counts.get(i);
        return n;
    }

    /** Cumulative counts per bound, then +Inf: what Prometheus calls {@code _bucket}. */
    long[] cumulative() {
        long[] c = new long[counts.length()];
        long running = 0;
        for (int i = 0; i < c.length; i++) {
            running += counts.get(i);
            c[i] = running;
        }
        return c;
    }

    double sumSeconds() {
        return sumNanos.sum() / 1e9;
    }

    void writeTo(PrometheusText out, String name, String... labels) {
        out.histogram(name, boundsSeconds, cumulative(), sumSeconds(), labels);
    }
}
