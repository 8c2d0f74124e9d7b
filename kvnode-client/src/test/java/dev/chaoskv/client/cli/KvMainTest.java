package dev.chaoskv.client.cli;

import dev.chaoskv.common.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/kv's argument handling, without a server: bad arguments are refused before anything is
 * sent (the port has nothing listening, so reaching the network would say "cannot reach").
 */
class KvMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--port", String.valueOf(FreePorts.one()), "--timeout", "2s"));
        all.addAll(List.of(args));
        return KvMain.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badHexIsRefusedNamingTheArgumentBeforeAnythingIsSent() throws Exception {
        assertEquals(KvMain.USAGE, run("--hex", "put", "6b", "0g"));
        assertEquals("error: VALUE is not hex (two digits 0-9a-f per byte): \"0g\"\nSee 'kv put --help'.\n", err());
    }

    @Test
    void tlsFlagsGoTogetherAndAStoreThatCannotBeReadIsNamed(@TempDir Path dir) throws Exception {
        assertEquals(KvMain.USAGE, run("--tls-cert-store", "c.p12", "get", "k"));
        assertEquals("error: --tls-cert-store needs --tls-trust-store\nSee 'kv get --help'.\n", err());
        err.reset();
        assertEquals(KvMain.USAGE, run("--tls-trust-store", "t.p12", "status"));
        assertEquals("error: --tls-trust-store needs --tls-password-file\nSee 'kv status --help'.\n", err());
        err.reset();
        Path pw = Files.writeString(dir.resolve("pw"), "secret\n");
        Path notAStore = Files.writeString(dir.resolve("t.p12"), "not a key store");
        assertEquals(KvMain.ERROR, run("--tls-trust-store", notAStore.toString(), "--tls-password-file", pw.toString(), "get", "k"));
        assertTrue(err().startsWith("error: " + notAStore + ": not a PKCS#12 trust store"), err());
        err.reset();
        assertEquals(KvMain.ERROR, run("--tls-trust-store", notAStore.toString(), "--tls-password-file", dir.resolve("none").toString(), "get", "k"));
        assertEquals("error: " + dir.resolve("none") + ": No such file or directory\n", err());
    }

    @Test
    void aHexKeyThatIsNotUtf8IsRefused() throws Exception {
        assertEquals(KvMain.USAGE, run("get", "--hex", "6bff"));
        assertTrue(err().startsWith("error: KEY \"6bff\" decodes to bytes that are not valid UTF-8"), err());
    }

    @Test
    void casNamesWhichOfItsArgumentsIsBad() throws Exception {
        assertEquals(KvMain.USAGE, run("--base64", "cas", "aw==", "!!", "dg=="));
        assertTrue(err().startsWith("error: OLD is not base64"), err());
        err.reset();
        assertEquals(KvMain.USAGE, run("cas", "--absent", "k", "old", "new"));
        assertEquals("error: cas --absent takes KEY NEW\nSee 'kv cas --help'.\n", err());
    }

    @Test
    void hexAndBase64TogetherAreAUsageError() throws Exception {
        assertEquals(KvMain.USAGE, run("--hex", "--base64", "dump"));
        assertEquals("error: --hex and --base64 cannot be combined\nSee 'kv dump --help'.\n", err());
    }

    @Test
    void aMissingArgumentIsBadUsageNotAnError() throws Exception {
        assertEquals(KvMain.USAGE, run("put", "k"));
        assertEquals("error: Missing required parameter: 'VALUE'\nSee 'kv put --help'.\n", err());
    }

    @Test
    void noCommandIsBadUsage() throws Exception {
        assertEquals(KvMain.USAGE, run());
        assertTrue(err().startsWith("error: missing command: one of put, get, delete, cas, status, dump\n"), err());
    }

    @Test
    void commandHelpNeedsNoArgumentsSoCasAbsentCanBeFound() throws Exception {
        assertEquals(KvMain.OK, KvMain.run(new String[] {"cas", "--help"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--absent"), out.toString(StandardCharsets.UTF_8));
        assertEquals("", err());
        out.reset();
        assertEquals(KvMain.OK, KvMain.run(new String[] {"help", "put"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)));
        String help = out.toString(StandardCharsets.UTF_8);
        assertTrue(help.startsWith("Usage: kv put "), help);
        assertTrue(help.contains("--port=PORT") && help.contains("--timeout=DURATION"), help);
        assertTrue(help.contains("\n  64  bad usage\n"), "exit codes in the footer: " + help);
    }

    @Test
    void versionNamesTheCommitOnEveryCommand() throws Exception {
        assertEquals(KvMain.OK, run("get", "--version"));
        assertTrue(out.toString(StandardCharsets.UTF_8).matches("kv \\S+ \\((commit [0-9a-f]+|unknown commit)\\)\n"),
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void goodArgumentsReachTheNetwork() throws Exception {
        assertEquals(KvMain.ERROR, run("--hex", "put", "6b31", "00ff"));
        assertTrue(err().startsWith("error: cannot reach "), err());
    }

    @Test
    void aKeyStartingWithAtIsAKeyNotAFileToExpand(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("keys"), "other-key");
        CommandLine cli = KvMain.commandLine(System.out, System.err);
        CommandLine.ParseResult r = cli.parseArgs("--port", "1", "get", "@" + file);
        assertEquals("@" + file, ((KvMain.Get) r.subcommand().commandSpec().userObject()).key);
    }

    /** The whole path of main: a real JVM given argv bytes by bash, as bin/kv is. */
    @Test
    void mainRefusesAnArgumentThatIsNotUtf8ByItsRawBytes() throws Exception {
        Result r = kvProcess(Map.of(), "put $'k\\xff' v");
        assertEquals(KvMain.USAGE, r.exit(), r.err());
        assertTrue(r.err().endsWith("\nSee 'kv --help'.\n"), r.err());
        assertTrue(r.err().startsWith("error: argument 6 (\"k\\xff\") is not valid UTF-8 (byte 0xff at offset 1)"), r.err());
    }

    /** Under LANG=C the JVM turns "é" into two U+FFFD; the raw bytes are valid UTF-8, so it is not refused. */
    @Test
    void mainAcceptsValidUtf8UnderACLocale() throws Exception {
        Result r = kvProcess(Map.of("LC_ALL", "C", "LANG", "C"), "put $'\\xc3\\xa9' v");
        assertEquals(KvMain.ERROR, r.exit(), r.err());
        assertTrue(r.err().startsWith("error: cannot reach "), "sent, not refused: " + r.err());
    }

    private record Result(int exit, String err) {
    }

    private static Result kvProcess(Map<String, String> env, String kvArgs) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String script = "exec \"$0\" -cp \"$1\" " + KvMain.class.getName() + " --port " + FreePorts.one() + " --timeout 2s " + kvArgs;
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script, java, System.getProperty("java.class.path"));
        pb.environment().putAll(env);
        Process p = pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kv did not finish");
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        return new Result(p.exitValue(), err);
    }
}
