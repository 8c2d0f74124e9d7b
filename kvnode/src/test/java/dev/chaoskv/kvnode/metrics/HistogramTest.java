package dev.chaoskv.kvnode.metrics;

import dev.chaoskv.common.PrometheusText;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HistogramTest {
    private static final long MS = 1_000_000;

    @Test
    void aValueFallsInTheFirstBucketWhoseBoundIsAtLeastIt() {
        Histogram h = new Histogram(new double[]{0.001, 0.01, 0.1});
        h.observeNanos(MS);          // exactly on a bound: le="0.001"
        h.observeNanos(MS + 1);      // just above: le="0.01"
        h.observeNanos(50 * MS);     // le="0.1"
        h.observeNanos(3_000 * MS);  // above every bound: +Inf only
        assertArrayEquals(new long[]{1, 2, 3, 4}, h.cumulative());
        assertEquals(4, h.count());
        assertEquals(3.052000001, h.sumSeconds(), 1e-12);
    }

    @Test
    void writesCumulativeBucketsEndingInInfThatEqualsTheCount() {
        Histogram h = new Histogram(new double[]{0.0005, 0.25});
        h.observeNanos(100_000);
        h.observeNanos(200 * MS);
        h.observeNanos(200 * MS);
        PrometheusText out = new PrometheusText();
        h.writeTo(out, "x_seconds", "type", "put");
        assertEquals("""
                x_seconds_bucket{type="put",le="0.0005"} 1
                x_seconds_bucket{type="put",le="0.25"} 3
                x_seconds_bucket{type="put",le="+Inf"} 3
                x_seconds_sum{type="put"} 0.4001
                x_seconds_count{type="put"} 3
                """, out.toString());
    }

    @Test
    void countsEveryObservationFromManyThreads() throws Exception {
        Histogram h = new Histogram(Histogram.REQUEST_SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int seed = t;
            pool.submit(() -> {
                for (int i = 0; i < 50_000; i++) h.observeNanos((i * 7919L + seed) % 20_000_000_000L);
            });
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        long[] c = h.cumulative();
        assertEquals(200_000, h.count());
        assertEquals(200_000, c[c.length - 1]);
        for (int i = 1; i < c.length; i++) {
            if (c[i] < c[i - 1]) throw new AssertionError("bucket " + i + " is below the one before it");
        }
    }

    @Test
    void refusesBoundsThatDoNotIncrease() {
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[]{0.1, 0.1}));
        assertThrows(IllegalArgumentException.class, () -> new Histogram(new double[]{1, 0.5}));
    }
}
