package dev.chaoskv.checker.cli;

import dev.chaoskv.checker.gen.GeneratedRun;
import dev.chaoskv.checker.gen.GeneratorConfig;
import dev.chaoskv.checker.gen.RegisterHistoryGenerator;
import dev.chaoskv.checker.history.HistoryWriter;
import dev.chaoskv.checker.state.StateFiles;
import dev.chaoskv.testkit.StdioCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `checker check A B C` and `checker check results/`: one line per run, a summary, the worst exit code. */
class BatchCheckTest {
    private static final String LOST_WRITE = """
            {"index":0,"time":0,"process":1,"type":"invoke","f":"write","key":"k1","value":"v1"}
            {"index":1,"time":1000000,"process":1,"type":"ok","f":"write","key":"k1","value":"v1"}
            {"index":2,"time":2000000,"process":1,"type":"invoke","f":"read","key":"k1","value":null}
            {"index":3,"time":3000000,"process":1,"type":"ok","f":"read","key":"k1","value":null}
            """;

    @TempDir
    Path dir;
    @RegisterExtension
    final StdioCapture stdio = new StdioCapture();

    private Path validRun(String name) throws Exception {
        Path run = Files.createDirectories(dir.resolve(name));
        GeneratedRun g = RegisterHistoryGenerator.generate(GeneratorConfig.of(1_000, 4, 6, 0.02, 3));
        HistoryWriter.write(g.history(), run.resolve("history.jsonl"));
        StateFiles.writeFinal(g.finalState(), run.resolve("final.json"));
        return run;
    }

    private Path runWith(String name, String history) throws Exception {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("history.jsonl"), history);
        return run;
    }

    @Test
    void severalRunsGiveOneLineEachAndTheWorstExitCode() throws Exception {
        Path a = validRun("a");
        Path b = runWith("b", LOST_WRITE);
        Path c = runWith("c", "not json\n");
        assertEquals(1, CheckerMain.run("check", a.toString(), b.toString(), c.toString()));
        List<String> lines = stdio.out().lines().toList();
        assertEquals(4, lines.size(), stdio.out());
        assertTrue(lines.get(0).matches("VALID +\\Q" + a + "\\E \\(1000 operations, \\d+\\.\\d\\d s\\)"), lines.get(0));
        assertTrue(lines.get(1).startsWith("INVALID   " + b + " (2 operations"), lines.get(1));
        assertTrue(lines.get(1).endsWith(": linearizability INVALID"), lines.get(1));
        assertTrue(lines.get(2).startsWith("BAD INPUT " + c + ": history.jsonl line 1: malformed JSON"), lines.get(2));
        assertEquals("checked 3 run(s): 1 valid, 1 invalid, 0 unknown, 1 bad input; exit 1", lines.get(3));
        // each run folder gets its own verdict, as a single check would write it
        assertTrue(Files.exists(a.resolve("verdict.json")) && Files.exists(b.resolve("verdict.json")));
    }

    @Test
    void aFolderOfRunFoldersChecksEachSortedAndSkipsSymlinks() throws Exception {
        validRun("20261130T010000-run");
        validRun("20261130T000000-run");
        Files.createDirectories(dir.resolve("not-a-run"));
        Files.createSymbolicLink(dir.resolve("latest"), dir.resolve("20261130T010000-run"));
        assertEquals(0, CheckerMain.run("check", "--no-write", dir.toString()));
        List<String> lines = stdio.out().lines().toList();
        assertEquals(3, lines.size(), stdio.out());
        assertTrue(lines.get(0).contains("20261130T000000-run"), lines.get(0));
        assertTrue(lines.get(1).contains("20261130T010000-run"), lines.get(1));
        assertEquals("checked 2 run(s): 2 valid, 0 invalid, 0 unknown, 0 bad input; exit 0", lines.get(2));
        assertFalse(Files.exists(dir.resolve("20261130T000000-run").resolve("verdict.json")), "--no-write");
    }

    @Test
    void badInputOutranksUnknownAndAMissingPathIsReportedNotFatal() throws Exception {
        Path a = validRun("a");
        Path missing = dir.resolve("missing");
        assertEquals(3, CheckerMain.run("check", "--no-write", "--time-limit", "0ms", a.toString(), missing.toString()));
        List<String> lines = stdio.out().lines().toList();
        assertTrue(lines.get(0).startsWith("UNKNOWN   " + a) && lines.get(0).endsWith("linearizability UNKNOWN"),
                lines.get(0));
        assertEquals("BAD INPUT " + missing + ": no such file or folder: " + missing, lines.get(1));
        assertEquals(2, CheckerMain.run("check", "--no-write", "--time-limit", "0ms", a.toString(), a.toString()));
    }

    @Test
    void oneRunFlagsWithSeveralRunsAreBadUsage() throws Exception {
        Path a = validRun("a");
        Path b = validRun("b");
        assertEquals(64, CheckerMain.run("check", a.toString(), b.toString(), "-o", dir.resolve("out").toString()));
        assertEquals("error: --final, --lag and --out take one run, but 2 were given\nSee 'checker check --help'.\n",
                stdio.err());
        assertEquals("", stdio.out());
    }

    @Test
    void aSingleRunStillPrintsTheFullSummary() throws Exception {
        Path a = validRun("a");
        assertEquals(0, CheckerMain.run("check", "--no-write", dir.toString())); // a folder holding one run
        assertTrue(stdio.out().contains("linearizability:"), stdio.out());
    }

    @Test
    void helpDescribesBatchesAndTheirExitCode() {
        assertEquals(0, CheckerMain.run("check", "--help"));
        String help = stdio.out();
        assertTrue(help.contains("folder of run folders") && help.contains("The exit code is the worst"), help);
    }
}
