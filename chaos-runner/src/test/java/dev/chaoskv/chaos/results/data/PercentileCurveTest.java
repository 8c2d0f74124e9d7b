package dev.chaoskv.chaos.results.data;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentileCurveTest {
    @Test
    void theAxisIsLogOfOneOverOneMinusP() {
        assertEquals(0, new PercentileCurve.Point(0, 1).x(), 1e-9);
        assertEquals(1, new PercentileCurve.Point(0.9, 1).x(), 1e-9);
        assertEquals(2, new PercentileCurve.Point(0.99, 1).x(), 1e-9);
        assertEquals(3, new PercentileCurve.Point(0.999, 1).x(), 1e-6);
        assertEquals(5, new PercentileCurve.Point(1.0, 1).x(), 1e-9, "100 % is drawn at the axis end, 99.999 %");
    }

    @Test
    void parsesHdrHistogramsOwnOutput() {
        Histogram h = new Histogram(3);
        for (int i = 1; i <= 1000; i++) h.recordValue(i);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        h.outputPercentileDistribution(new PrintStream(bytes, true, StandardCharsets.UTF_8), 5, 1.0);
        PercentileCurve.Curve c = PercentileCurve.parse(bytes.toString(StandardCharsets.UTF_8));
        assertEquals(1000, c.totalCount());
        assertEquals(1000, c.maxValue(), 1e-9);
        PercentileCurve.Point median = c.points().stream().filter(p -> p.percentile() >= 0.5).findFirst().orElseThrow();
        assertEquals(500, median.value(), 1);
        List<PercentileCurve.Point> plotted = PercentileCurve.plotted(c);
        assertTrue(plotted.stream().allMatch(p -> p.x() <= PercentileCurve.MAX_X + 1e-9));
        assertEquals(1000, plotted.get(plotted.size() - 1).value(), 1e-9, "the maximum ends the curve");
    }

    @Test
    void garbageGivesAnEmptyCurve() {
        assertTrue(PercentileCurve.parse("not a histogram\n1 2 3\n").isEmpty());
    }
}
