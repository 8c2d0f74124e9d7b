package dev.chaoskv.chaos.results;

import org.junit.jupiter.api.Test;

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
}
