package dev.chaoskv.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chaoskv.testkit.RepoRoot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * `chaos suite suites/ci.yml` as CI runs it: the safe runs are valid, and the control run (an
 * unsafe kvnode flag with leader partitions) is caught, so the suite passes.
 */
@ExtendWith(KeepFoldersOnFailure.class)
class SuiteIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void theCiSuitePassesWithItsControlRunCaught() throws Exception {
        Path output = work.resolve("output.txt");
        int exit = ChaosJar.run(work, output, Duration.ofMinutes(10),
                "suite", RepoRoot.path().resolve("suites/ci.yml").toString(), "--results-dir", "results");
        String out = Files.readString(output);
        assertEquals(0, exit, out);
        assertTrue(out.contains("suite ci PASSED: 1 of 1 control run(s) caught (exit 0)"), out);

        Path suiteDir;
        try (var s = Files.list(work.resolve("results"))) {
            List<Path> dirs = s.filter(p -> p.getFileName().toString().endsWith("-suite-ci")).toList();
            assertEquals(1, dirs.size(), dirs.toString());
            suiteDir = dirs.get(0);
        }
        JsonNode suite = JSON.readTree(suiteDir.resolve("suite.json").toFile());
        assertEquals(0, suite.path("exitCode").asInt());
        List<String> statuses = new ArrayList<>();
        for (JsonNode r : suite.path("runs")) {
            statuses.add(r.path("entry").asText() + "=" + r.path("status").asText());
            Path run = suiteDir.resolve(r.path("runDir").asText());
            assertTrue(Files.isRegularFile(run.resolve("verdict.json")), run.toString());
            assertTrue(ChaosJar.processesOf(run).isEmpty(), "nodes left running in " + run);
        }
        assertEquals(List.of("mixed-faults=passed", "register-bound-partitions=passed", "control-ack-before-replicate=caught"), statuses);
        JsonNode control = JSON.readTree(suiteDir.resolve(suite.path("runs").get(2).path("runDir").asText()).resolve("verdict.json").toFile());
        assertEquals(false, control.path("valid").asBoolean(true), control.toString());
        assertTrue(control.path("checks").path("durability").path("lostWrites").asInt() > 0
                || control.path("checks").path("linearizability").path("violations").size() > 0, control.toString());
        String junit = Files.readString(suiteDir.resolve("junit.xml"));
        assertTrue(junit.contains("tests=\"3\" failures=\"0\" errors=\"0\""), junit);
        assertTrue(Files.isRegularFile(suiteDir.resolve("index.html")));
    }
}
