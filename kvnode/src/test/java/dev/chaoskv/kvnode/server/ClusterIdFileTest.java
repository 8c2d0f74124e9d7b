package dev.chaoskv.kvnode.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterIdFileTest {
    @TempDir
    Path dir;
    private final NodeLog log = new NodeLog("n1", new PrintStream(new ByteArrayOutputStream()));

    @Test
    void theFirstStartFixesTheIdAndLaterStartsKeepIt() throws Exception {
        assertEquals("prod", ClusterIdFile.resolve(dir, "prod", log));
        assertTrue(Files.exists(dir.resolve("cluster-id")));
        assertEquals("prod", ClusterIdFile.resolve(dir, null, log), "without the flag the data directory's id is used");
        assertEquals("prod", ClusterIdFile.resolve(dir, "prod", log));
    }

    @Test
    void withoutTheFlagTheFirstStartTakesTheDefault() throws Exception {
        assertEquals(NodeConfig.PeerAuth.DEFAULT_CLUSTER_ID, ClusterIdFile.resolve(dir, null, log));
    }

    @Test
    void anotherIdThanTheDataDirectorysIsRefusedNamingTheFile() throws Exception {
        ClusterIdFile.resolve(dir, "prod", log);
        StartRefusedException e = assertThrows(StartRefusedException.class, () -> ClusterIdFile.resolve(dir, "staging", log));
        assertTrue(e.getMessage().startsWith(dir.resolve("cluster-id") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("belongs to cluster 'prod', not 'staging'"), e.getMessage());
    }

    @Test
    void everyFlippedByteIsRefusedNamingTheFile() throws Exception {
        ClusterIdFile.resolve(dir, "prod", log);
        Path file = dir.resolve("cluster-id");
        byte[] good = Files.readAllBytes(file);
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                Files.write(file, bad);
                String at = "byte " + i + " bit " + bit;
                StartRefusedException e = assertThrows(StartRefusedException.class, () -> ClusterIdFile.resolve(dir, null, log), at);
                assertTrue(e.getMessage().startsWith(file + ": "), at + ": " + e.getMessage());
            }
        }
        Files.write(file, new byte[0]);
        assertThrows(StartRefusedException.class, () -> ClusterIdFile.resolve(dir, null, log));
    }
}
