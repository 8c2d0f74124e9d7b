package dev.chaoskv.toxiproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** bin/toxiproxy (and bin/chaos toxiproxy) refuse a bad --port or a busy one with one line, not a stack trace. */
class ToxiproxyCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private static final String HINT = "See 'toxiproxy --help'.\n";

    private int run(String... args) {
        CommandLine cli = ToxiproxyCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aPortThatIsNotANumberIsAUsageError() {
        assertEquals(64, run("--port", "abc"));
        assertEquals("error: --port must be a number from 0 to 65535, got 'abc'\n" + HINT, err.toString());
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        assertEquals(64, run("--port", "70000"));
        assertEquals("error: --port must be a number from 0 to 65535, got '70000'\n" + HINT, err.toString());
        err.getBuffer().setLength(0);
        assertEquals(64, run("--port", "-1"));
        assertEquals("error: --port must be a number from 0 to 65535, got '-1'\n" + HINT, err.toString());
    }

    @Test
    void anUnknownOptionIsOneLineAndAHint() {
        assertEquals(64, run("--prot", "1"));
        assertEquals("error: Unknown options: '--prot', '1'\n" + HINT, err.toString());
    }

    @Test
    void helpListsExitCodesAndVersionNamesTheCommit() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("--port=PORT") && out.toString().contains("\n  3   cannot listen"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("--version"));
        assertTrue(out.toString().matches("toxiproxy \\S+ \\((commit [0-9a-f]+|unknown commit)\\)\n"), out.toString());
    }

    @Test
    void aPortInUseExits3() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(3, run("--port", String.valueOf(busy.getLocalPort())));
            assertEquals("error: cannot listen on 127.0.0.1:" + busy.getLocalPort() + ": address already in use\n", err.toString());
        }
    }

    @Test
    void aHostThatCannotBeResolvedExits3() {
        assertEquals(3, run("--host", "no-such-host.invalid", "--port", "0"));
        assertEquals("error: cannot listen on no-such-host.invalid:0: unresolved address\n", err.toString());
    }
}
