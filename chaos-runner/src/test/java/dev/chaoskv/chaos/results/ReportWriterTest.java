package dev.chaoskv.chaos.results;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {
    @Test
    void selfContainedHtmlWithPlotsAndShadedNemesisWindows() {
        Map<String, String> numbers = new LinkedHashMap<>();
        numbers.put("Operations", "100 <ok>");
        ReportWriter.Report r = new ReportWriter.Report("chaos run t", "invalid", numbers,
                List.of(new ReportWriter.Chart("Latency", "ms", List.of(new ReportWriter.Series("p99",
                        List.of(new double[]{0.5, 3}, new double[]{1.5, 12}))))),
                List.of(new ReportWriter.Span("kill-leader", 2, 4)), 10, "checker says <invalid>");
        String html = ReportWriter.render(r);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<svg"));
        assertTrue(html.contains("<polyline"));
        assertTrue(html.contains("<title>kill-leader</title>"));
        assertTrue(html.contains("100 &lt;ok&gt;"));
        assertTrue(html.contains("INVALID"));
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"));
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http"));
    }

    @Test
    void niceAxisBounds() {
        assertEquals(1, ReportWriter.niceCeil(0));
        assertEquals(250, ReportWriter.niceCeil(201));
        assertEquals(10, ReportWriter.niceCeil(10));
    }

    @Test
    void aSeriesWithMissingSamplesIsNotBridgedByAStraightLine() {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < 10; i++) pts.add(new double[]{i * 0.25, 1});
        for (int i = 0; i < 10; i++) pts.add(new double[]{20 + i * 0.25, 40});
        pts.add(new double[]{30, 5});
        List<List<double[]>> segs = ReportWriter.segments(pts);
        assertEquals(3, segs.size(), "two gaps, three segments");
        assertEquals(10, segs.get(0).size());
        assertEquals(1, segs.get(2).size());
        String svg = ReportWriter.svg(new ReportWriter.Chart("lag", "records",
                List.of(new ReportWriter.Series("n2", pts))), List.of(), 31);
        assertEquals(2, svg.split("<polyline", -1).length - 1, svg);
        assertTrue(svg.contains("<circle"), "a lone sample stays visible");
    }
}
