package dev.chaoskv.common;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrometheusTextTest {
    @Test
    void writesHelpAndTypeThenSamplesWithAndWithoutLabels() {
        String text = new PrometheusText()
                .family("kv_term", "gauge", "The current term.")
                .sample("kv_term", 7)
                .family("kv_role", "gauge", "1 for the current role.")
                .sample("kv_role", 1, "role", "leader")
                .sample("kv_role", 0, "role", "follower", "node", "n1")
                .toString();
        assertEquals("""
                # HELP kv_term The current term.
                # TYPE kv_term gauge
                kv_term 7
                # HELP kv_role 1 for the current role.
                # TYPE kv_role gauge
                kv_role{role="leader"} 1
                kv_role{role="follower",node="n1"} 0
                """, text);
    }

    @Test
    void writesSingleSampleCountersAndGauges() {
        assertEquals("# HELP c_total Things.\n# TYPE c_total counter\nc_total 3\n# HELP g Level.\n# TYPE g gauge\ng 5\n",
                new PrometheusText().counter("c_total", "Things.", 3).gauge("g", "Level.", 5).toString());
    }

    @Test
    void escapesLabelValuesAndHelpAsTheFormatRequires() {
        String text = new PrometheusText()
                .family("m", "counter", "back\\slash\nnewline \"quotes stay\"")
                .sample("m", 1, "peer", "a\"b\\c\nd")
                .toString();
        assertEquals("""
                # HELP m back\\\\slash\\nnewline "quotes stay"
                # TYPE m counter
                m{peer="a\\"b\\\\c\\nd"} 1
                """, text);
    }

    @Test
    void writesAHistogramWithCumulativeBucketsEndingInInfSumAndCount() {
        String text = new PrometheusText()
                .histogram("lat_seconds", new double[]{0.0001, 0.5, 2}, new long[]{1, 3, 3, 4}, 2.75, "type", "put")
                .toString();
        assertEquals("""
                lat_seconds_bucket{type="put",le="0.0001"} 1
                lat_seconds_bucket{type="put",le="0.5"} 3
                lat_seconds_bucket{type="put",le="2"} 3
                lat_seconds_bucket{type="put",le="+Inf"} 4
                lat_seconds_sum{type="put"} 2.75
                lat_seconds_count{type="put"} 4
                """, text);
    }

    @Test
    void spellsNumbersAsPrometheusDoes() {
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.number(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("3", PrometheusText.number(3.0));
        assertEquals("0.00025", PrometheusText.number(0.00025));
        assertEquals("1.5", PrometheusText.number(1.5));
    }

    @Test
    void refusesOddLabelListsAndMismatchedHistogramCounts() {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusText().sample("m", 1, "lonely"));
        assertThrows(IllegalArgumentException.class, () -> new PrometheusText().histogram("h", new double[]{1}, new long[]{1}, 0));
    }
}
