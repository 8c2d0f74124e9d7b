package dev.chaoskv.chaos.results;

import dev.chaoskv.chaos.results.html.ReportPage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a run folder's report.html, summary.json and junit.xml from the files in it (at the end of a run, and by {@code chaos report}). */
public final class RunReport {
    public static final String FILE = "report.html";

    private RunReport() {
    }

    /** Reads the folder, writes the three files, returns the summary (whose {@code problems} say what was missing). */
    public static RunSummary write(Path runDir) throws IOException {
        RunFolder f = RunFolder.read(runDir);
        RunAnalysis a = RunAnalysis.of(f);
        RunSummary s = RunSummary.of(a);
        Files.writeString(runDir.resolve(FILE), ReportPage.render(a, s), StandardCharsets.UTF_8);
        s.write(runDir);
        JunitReport.writeForRun(f);
        return s;
    }
}
