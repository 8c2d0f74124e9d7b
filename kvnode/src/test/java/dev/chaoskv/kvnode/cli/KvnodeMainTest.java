package dev.chaoskv.kvnode.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/kvnode's command line: usage errors, help and version, without starting a node. */
class KvnodeMainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = KvnodeMain.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void badUsageIsOneLineAndAHintWithExit64() {
        assertEquals(64, run("--data-dir", "x"));
        assertEquals("error: --port is required\nSee 'kvnode --help'.\n", err.toString());
        err.getBuffer().setLength(0);
        assertEquals(64, run("--port", "nine"));
        assertTrue(err.toString().startsWith("error: Invalid value for option '--port': 'nine' is not an int\n"), err.toString());
        assertTrue(err.toString().endsWith("\nSee 'kvnode --help'.\n"), err.toString());
    }

    @Test
    void tlsModesAndTheirFilesGoTogether() {
        String[][] cases = {
                {"--client-tls", "maybe"}, {"--peer-tls", "yes"}, {"--client-tls", "on"},
                {"--peer-tls", "on", "--tls-cert-store", "n.p12"}, {"--client-tls", "require-client-cert", "--tls-cert-store", "n.p12", "--tls-trust-store", "t.p12"},
                {"--tls-cert-store", "n.p12", "--tls-trust-store", "t.p12", "--tls-password-file", "pw"}};
        String[] errors = {
                "error: --client-tls must be off, on or require-client-cert, not 'maybe'", "error: --peer-tls must be off or on, not 'yes'",
                "error: --client-tls on needs --tls-cert-store", "error: --peer-tls on needs --tls-trust-store",
                "error: --client-tls require-client-cert needs --tls-password-file",
                "error: --tls-cert-store/--tls-trust-store/--tls-password-file given, but --client-tls and --peer-tls are off"};
        for (int i = 0; i < cases.length; i++) {
            err.getBuffer().setLength(0);
            String[] args = new String[cases[i].length + 4];
            System.arraycopy(new String[]{"--port", "9001", "--data-dir", "x"}, 0, args, 0, 4);
            System.arraycopy(cases[i], 0, args, 4, cases[i].length);
            assertEquals(64, run(args), String.join(" ", cases[i]));
            assertEquals(errors[i] + "\nSee 'kvnode --help'.\n", err.toString());
        }
    }

    @Test
    void helpShowsPlaceholdersAndEveryExitCode() {
        assertEquals(0, run("--help"));
        String help = out.toString();
        assertTrue(help.contains("--commit-timeout-ms=MS"), help);
        assertTrue(help.contains("--data-dir=DIR") && help.contains("--peers=PEERS") && help.contains("--quorum=N"), help);
        assertTrue(!help.contains("=<"), "no <camelCase> placeholders: " + help);
        for (String code : new String[] {"  2   ", "  64  ", "  70  "}) assertTrue(help.contains("\n" + code), code + " in " + help);
        assertTrue(help.contains("  kvnode --id n1 --port 9001 --data-dir ./node1 --peers n2=127.0.0.1:9002,n3=127.0.0.1:9003\n"),
                "examples do not wrap: " + help);
    }

    @Test
    void versionNamesTheCommit() {
        assertEquals(0, run("--version"));
        assertTrue(out.toString().matches("kvnode \\S+ \\((commit [0-9a-f]+|unknown commit)\\)\n"), out.toString());
    }
}
