package dev.chaoskv.chaos.run;

import dev.chaoskv.chaos.fakes.RecordingCluster;
import dev.chaoskv.chaos.fakes.RecordingNetwork;
import dev.chaoskv.chaos.nemesis.FaultLedger;
import dev.chaoskv.chaos.network.CutMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heal through the Cluster and NetworkFaults seams: undo everything, then verify rather than trust. */
class TeardownTest {
    private final List<String> log = new ArrayList<>();
    private final RecordingCluster cluster = new RecordingCluster(List.of("n1", "n2", "n3"), log);
    private final RecordingNetwork network = new RecordingNetwork(log);
    private final Teardown teardown = new Teardown(new PrintStream(new ByteArrayOutputStream()));

    @Test
    void healUndoesNetworkThenProcessFaultsAndReportsWhatRemains() throws Exception {
        network.cut("n1-to-n2", CutMode.BLACKHOLE);
        network.slow("n2-to-n3", 20, 10);
        network.failingHeals.add("n2-to-n3");
        cluster.kill("n1");
        cluster.pause("n2");
        cluster.kill("n3");
        cluster.failingStarts.add("n3");
        log.clear();
        teardown.network = network;
        teardown.cluster = cluster;
        List<String> problems = teardown.heal();
        assertEquals(List.of("heal all", "heal"), log);
        assertEquals(List.of("n2-to-n3: Toxiproxy went away", "n3: cannot start n3", "n2-to-n3 latency", "n3 not running"), problems);
        assertTrue(cluster.running("n1") && !cluster.stopped("n2"));
        assertEquals(List.of(), teardown.heal(), "once");
    }

    @Test
    void abortHealsStopsAndClosesOnce(@TempDir Path dir) throws Exception {
        teardown.network = network;
        teardown.cluster = cluster;
        teardown.ledger = new FaultLedger(dir, dir);
        teardown.abort("interrupted");
        teardown.abort("again");
        assertEquals(List.of("heal all", "heal", "stop", "close network"), log);
        String ledger = Files.readString(dir.resolve(FaultLedger.FILE));
        assertTrue(ledger.contains("\"event\":\"heal\"") && ledger.contains("\"reason\":\"interrupted\""), ledger);
        assertFalse(ledger.contains("again"), ledger);
    }
}
