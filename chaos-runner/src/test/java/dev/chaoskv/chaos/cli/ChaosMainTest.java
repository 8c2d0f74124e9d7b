package dev.chaoskv.chaos.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `chaos` follows the project's CLI convention: bad usage is one line, a hint and 64; every command has --version. */
class ChaosMainTest {
    @Test
    void noCommandIsBadUsage() {
        Cli.Result r = Cli.run();
        assertEquals(64, r.exit(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertTrue(r.err().contains("See 'chaos --help'."), r.err());
    }

    @Test
    void everySubcommandPrintsTheVersionAndCommit() {
        Cli.Result r = Cli.run("run", "--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("chaos "), r.out());
        assertTrue(r.out().contains("commit"), r.out());
    }

    @Test
    void helpListsTheExitCodes() {
        Cli.Result r = Cli.run("heal", "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("64"), r.out());
    }
}
