package dev.chaoskv.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chaoskv.chaos.results.RunSummary;
import dev.chaoskv.chaos.results.SyntheticRun;
import dev.chaoskv.chaos.results.html.IndexPage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages in a real browser: a real smoke run's report.html, the results index.html and a
 * compare.html of that run with a synthetic one, each loaded in headless Chromium: no console
 * message or uncaught error, and every chart has drawn marks. Screenshots are kept under
 * target/report-screenshots/ for people to look at. Skipped, saying so, without Chromium.
 */
@ExtendWith(KeepFoldersOnFailure.class)
class ReportBrowserIT {
    static final Path SCREENSHOTS = Path.of("target", "report-screenshots");

    @TempDir
    Path work;

    @Test
    void reportIndexAndCompareRenderWithoutErrorsAndEveryChartDrawsMarks() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find().orElse(null);
        Assumptions.assumeTrue(chromium != null,
                "ReportBrowserIT skipped: no Chromium at /usr/bin/chromium (or $CHROMIUM); install Debian's chromium (.ci/run does)");
        Path probe = work.resolve("console-probe.html");
        Files.writeString(probe, "<html><body><script>console.error('probe')</script></body></html>");
        assertEquals(1, chromium.consoleOf(probe).size(), "this Chromium does not report console messages on stderr: the test could not see errors");

        Path output = work.resolve("output.txt");
        int exit = ChaosJar.run(work, output, Duration.ofMinutes(4), "smoke", "--time-limit", "12s", "--seed", "21", "--results-dir", "results", "--quiet");
        assertEquals(0, exit, Files.readString(output));
        Path results = work.resolve("results");
        Path run = ChaosJar.onlyRun(results);
        assertTrue(Files.exists(results.resolve(IndexPage.FILE)), "the run rebuilt the index");
        Path synthetic = results.resolve("20260101T000000-synthetic");
        SyntheticRun.write(synthetic, 20_000, 5);
        assertEquals(0, ChaosJar.run(work, output, Duration.ofMinutes(2), "report", "--index"), Files.readString(output));
        int compareExit = ChaosJar.run(work, output, Duration.ofMinutes(2), "report", "--compare", "results/" + synthetic.getFileName(),
                "results/" + run.getFileName(), "-o", "compare.html");
        assertEquals(0, compareExit, Files.readString(output));

        RunSummary s = RunSummary.read(run);
        assertEquals("valid", s.verdict());
        List<String> reportCharts = check(chromium, run.resolve("report.html"), 6);
        JsonNode zoom = chromium.load(run.resolve("report.html")).zoom();
        assertTrue(zoom.path("transform").asText().contains("scale("), "a drag zooms the time charts: " + zoom);
        assertTrue(zoom.path("ticks").size() >= 2, "the zoomed axis is labelled again: " + zoom);
        assertTrue(zoom.path("readout").asText().startsWith("t = "), "hovering shows the time: " + zoom);
        assertTrue(reportCharts.containsAll(List.of("latency-scatter", "latency-per-second", "throughput", "lag", "roles", "dist-latency-ok")),
                reportCharts.toString());
        check(chromium, results.resolve(IndexPage.FILE), 3);
        check(chromium, work.resolve("compare.html"), 1);

        chromium.screenshot(run.resolve("report.html"), SCREENSHOTS.resolve("report.png"), 6000);
        chromium.screenshot(results.resolve(IndexPage.FILE), SCREENSHOTS.resolve("index.png"), 900);
        chromium.screenshot(work.resolve("compare.html"), SCREENSHOTS.resolve("compare.png"), 1400);
        chromium.screenshot(synthetic.resolve("report.html"), SCREENSHOTS.resolve("report-synthetic.png"), 6000);
    }

    /** Loads the page; asserts a clean console and drawn marks on every chart (at least {@code minCharts}); returns the chart ids. */
    private static List<String> check(HeadlessChromium chromium, Path page, int minCharts) throws Exception {
        HeadlessChromium.Loaded l = chromium.load(page);
        assertEquals(List.of(), l.console(), page + " wrote to the console");
        assertEquals(List.of(), l.errors(), page + " threw");
        assertTrue(l.charts().size() >= minCharts, page + ": only " + l.charts().size() + " charts: " + l.charts());
        for (JsonNode c : l.charts()) assertTrue(c.path("drawn").asInt() > 0, page + ": chart " + c + " has no drawn marks");
        return l.charts().findValuesAsText("id");
    }
}
