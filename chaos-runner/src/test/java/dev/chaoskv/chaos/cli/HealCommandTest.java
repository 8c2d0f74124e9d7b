package dev.chaoskv.chaos.cli;

import dev.chaoskv.chaos.nemesis.FaultLedger;
import dev.chaoskv.toxiproxy.ToxiproxyServer;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `chaos heal` says what it found and healed, item by item, and says so when there was nothing. */
class HealCommandTest {
    @TempDir
    Path dir;

    @Test
    void reportsEachProxyItHealedThenThatNothingWasLeft() throws Exception {
        try (ToxiproxyServer tp = ToxiproxyServer.start("127.0.0.1", 0)) {
            ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", tp.port());
            client.createProxy("n1-to-n2", "127.0.0.1:0", "127.0.0.1:9").toxics()
                    .timeout("left-behind", ToxicDirection.UPSTREAM, 0);
            client.createProxy("n2-to-n1", "127.0.0.1:0", "127.0.0.1:9").disable();
            client.createProxy("client-to-n1", "127.0.0.1:0", "127.0.0.1:9");
            Path run = dir.resolve("results/20260101T000000-run");
            java.nio.file.Files.createDirectories(run);
            try (FaultLedger ledger = new FaultLedger(run, dir.resolve("results"))) {
                // runnerPid is this JVM: heal treats its own pid as a runner that is gone
                ledger.append("run", Map.of("runnerPid", ProcessHandle.current().pid(), "toxiproxyUrl", tp.url(),
                        "embedded", false, "runDir", run.toString()));
                ledger.append("proxies", Map.of("names", List.of("n1-to-n2", "n2-to-n1", "client-to-n1", "n3-to-n1")));
            }

            Cli.Result first = Cli.run("heal", "--results-dir", dir.resolve("results").toString());
            assertEquals(0, first.exit(), first.out() + first.err());
            assertTrue(first.out().contains("n1-to-n2: removed toxic left-behind"), first.out());
            assertTrue(first.out().contains("n2-to-n1: enabled (was disabled)"), first.out());
            assertFalse(first.out().contains("client-to-n1:"), "a clean proxy needed no healing: " + first.out());
            assertTrue(first.out().contains("4 proxies of the run, 2 healed, 1 already clean, 1 not found"), first.out());
            assertTrue(first.out().contains("healed: "), first.out());

            Cli.Result again = Cli.run("heal", run.toString());
            assertEquals(0, again.exit(), again.out() + again.err());
            assertTrue(again.out().contains("0 healed, 3 already clean, 1 not found"), again.out());
            assertTrue(again.out().contains("nothing to heal: " + run), again.out());
        }
    }

    @Test
    void aToxiproxyThatDoesNotAnswerIsExit3() throws Exception {
        Path run = dir.resolve("run");
        java.nio.file.Files.createDirectories(run);
        try (FaultLedger ledger = new FaultLedger(run, dir)) {
            ledger.append("run", Map.of("runnerPid", ProcessHandle.current().pid(), "toxiproxyUrl",
                    "http://127.0.0.1:" + dev.chaoskv.common.FreePorts.one(), "embedded", false, "runDir", run.toString()));
            ledger.append("proxies", Map.of("names", List.of("n1-to-n2")));
        }
        Cli.Result r = Cli.run("heal", run.toString());
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("could not heal: Toxiproxy at http://127.0.0.1:"), r.err());
    }
}
