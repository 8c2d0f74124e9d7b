package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.results.RunSummary;
import dev.chaoskv.chaos.results.data.Recovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportCommandTest {
    @TempDir
    Path dir;

    private Path run(String folder, String verdict, String workload, double p99, double opsPerSecond) throws Exception {
        Path d = dir.resolve(folder);
        Files.createDirectories(d);
        new RunSummary(RunSummary.FORMAT, folder, folder.substring(16), "2026-11-29T23:02:13Z", 60.0, workload, 3, 1L, "bin/chaos smoke --seed 1",
                verdict, Map.of("durability", verdict), 10_000, opsPerSecond,
                Map.of("all", new RunSummary.Latency(9000, 2.0, p99, p99 * 2)), 100L, 50L, 200.0,
                Map.of("kill-leader", new Recovery.ByKind(2, 2, 1.5, 1.0)), 1.5, 0, 2, Map.of("kill-leader", 2), 0, List.of()).write(d);
        return d;
    }

    @Test
    void compareFlagsARegressionAndFailsOnItWhenAsked() throws Exception {
        Path a = run("20261129T010000-nightly", "valid", "mixed", 100, 200);
        Path b = run("20261130T010000-nightly", "valid", "mixed", 130, 198);
        Path out = dir.resolve("compare.html");
        Cli.Result r = Cli.run("report", "--compare", a.toString(), b.toString(), "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("ok ops p99"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("ok ops p99") && l.contains("+30.0 %") && l.endsWith("REGRESSION")), r.out());
        assertTrue(r.out().contains("2 regression(s) beyond 20 %"), r.out()); // p99 and p99.9
        assertTrue(Files.readString(out).contains("<b class=\"invalid\">regression</b>"));

        assertEquals(1, Cli.run("report", "--compare", a.toString(), b.toString(), "-o", out.toString(), "--fail-on-regression", "20%").exit());
        assertEquals(0, Cli.run("report", "--compare", a.toString(), b.toString(), "-o", out.toString(), "--fail-on-regression", "40%").exit());
    }

    @Test
    void otherWorkloadsAreSaidNotComparableAndAVerdictNoLongerValidIsARegression() throws Exception {
        Path a = run("20261129T010000-nightly", "valid", "mixed", 100, 200);
        Path b = run("20261130T010000-nightly", "invalid", "register", 500, 100);
        Cli.Result r = Cli.run("report", "--compare", a.toString(), b.toString(), "-o", dir.resolve("c.html").toString(), "--fail-on-regression", "20%");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("ok ops p99") && l.endsWith("not comparable: workload mixed vs register")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("verdict") && l.endsWith("REGRESSION")), r.out());
    }

    @Test
    void indexListsRunsNewestFirstAndSaysWhichHaveNoSummary() throws Exception {
        run("20261129T010000-nightly", "valid", "mixed", 100, 200);
        run("20261130T010000-nightly", "invalid", "mixed", 120, 200);
        Files.createDirectories(dir.resolve("20261130T020000-broken"));
        Files.writeString(dir.resolve("20261130T020000-broken/run.json"), "{}");
        Files.createDirectories(dir.resolve("not-a-run"));
        Cli.Result r = Cli.run("report", "--index", "--results-dir", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String html = Files.readString(dir.resolve("index.html"));
        int broken = html.indexOf("20261130T020000-broken/report.html"), newer = html.indexOf("20261130T010000-nightly/report.html"),
                older = html.indexOf("20261129T010000-nightly/report.html");
        assertTrue(broken > 0 && broken < newer && newer < older, "newest first");
        assertTrue(html.contains("no summary.json (bin/chaos report 20261130T020000-broken writes it)"));
        assertFalse(html.contains("not-a-run"));
        assertTrue(html.contains("class=\"chart spark\""), "trend sparklines");
        assertTrue(html.contains("id=\"filter\""), "a filter by name");
    }

    @Test
    void badUsage() {
        assertEquals(64, Cli.run("report").exit());
        assertEquals(64, Cli.run("report", "--compare", "a").exit());
        Cli.Result r = Cli.run("report", "--compare", "a", "b", "--fail-on-regression", "lots");
        assertEquals(64, r.exit());
        assertTrue(r.err().startsWith("error: --fail-on-regression: 'lots' is not a percentage (e.g. 20%)"), r.err());
        assertEquals(3, Cli.run("report", dir.resolve("nope").toString()).exit());
    }
}
