package dev.chaoskv.kvnode.metrics;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The checker the metrics tests rely on must reject what Prometheus would. */
class ExpositionFormatTest {
    private static final String GOOD = """
            # HELP h_seconds Latency.
            # TYPE h_seconds histogram
            h_seconds_bucket{type="put",le="0.1"} 1
            h_seconds_bucket{type="put",le="+Inf"} 2
            h_seconds_sum{type="put"} 0.3
            h_seconds_count{type="put"} 2
            # HELP g A gauge.
            # TYPE g gauge
            g{peer="a\\"b"} 5
            """;

    @Test
    void readsAValidExposition() {
        Map<String, Double> s = ExpositionFormat.check(GOOD);
        assertEquals(2.0, s.get("h_seconds_count{type=\"put\"}"));
        assertEquals(5.0, s.get("g{peer=\"a\\\"b\"}"));
    }

    @Test
    void rejectsWhatPrometheusWould() {
        assertThrows(AssertionError.class, () -> ExpositionFormat.check("g 1\n"), "sample before TYPE");
        assertThrows(AssertionError.class, () -> ExpositionFormat.check("# TYPE g gauge\ng 1\n"), "TYPE without HELP");
        assertThrows(AssertionError.class, () -> ExpositionFormat.check(GOOD.replace("} 5", "}5")), "no space before the value");
        assertThrows(AssertionError.class, () -> ExpositionFormat.check(GOOD.replace("} 5", "} five")), "value not a number");
        assertThrows(AssertionError.class, () -> ExpositionFormat.check(GOOD.replace("peer=\"a", "peer=a")), "unquoted label");
        assertThrows(AssertionError.class, () -> ExpositionFormat.check(GOOD.replace("+Inf\"} 2", "+Inf\"} 0")), "buckets not cumulative");
        assertThrows(AssertionError.class, () -> ExpositionFormat.check(GOOD.replace("_count{type=\"put\"} 2", "_count{type=\"put\"} 3")), "+Inf differs from _count");
        assertThrows(AssertionError.class, () -> ExpositionFormat.check(GOOD.replace("le=\"+Inf\"", "le=\"1\"")), "no +Inf bucket");
        assertThrows(AssertionError.class, () -> ExpositionFormat.check(GOOD.replace("\n", "")), "no final newline");
    }
}
