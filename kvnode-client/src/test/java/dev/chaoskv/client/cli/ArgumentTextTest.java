package dev.chaoskv.client.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgumentTextTest {
    private static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** A command line as /proc/self/cmdline holds it: every argument followed by NUL. */
    private static byte[] cmdline(byte[]... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] a : args) {
            out.writeBytes(a);
            out.write(0);
        }
        return out.toByteArray();
    }

    @Test
    void twoDifferentInvalidKeysAreEachRefusedByPositionNotMergedIntoOne() {
        var ff = assertThrows(ArgumentText.InvalidArgumentException.class, () -> ArgumentText.decode(
                List.of(ascii("--port"), ascii("9001"), ascii("put"), bytes('k', 0xff), ascii("v"))));
        var fe = assertThrows(ArgumentText.InvalidArgumentException.class, () -> ArgumentText.decode(
                List.of(ascii("--port"), ascii("9001"), ascii("put"), bytes('k', 0xfe), ascii("v"))));
        assertTrue(ff.getMessage().startsWith("argument 4 (\"k\\xff\") is not valid UTF-8 (byte 0xff at offset 1)"), ff.getMessage());
        assertTrue(fe.getMessage().startsWith("argument 4 (\"k\\xfe\") is not valid UTF-8 (byte 0xfe at offset 1)"), fe.getMessage());
        assertTrue(ff.getMessage().contains("--hex or --base64"), ff.getMessage());
    }

    @Test
    void aTruncatedOrOverlongSequenceIsRefusedWhereItStarts() {
        var truncated = assertThrows(ArgumentText.InvalidArgumentException.class,
                () -> ArgumentText.decode(List.of(bytes('a', 'b', 0xc3))));
        assertTrue(truncated.getMessage().contains("byte 0xc3 at offset 2"), truncated.getMessage());
        var overlong = assertThrows(ArgumentText.InvalidArgumentException.class,
                () -> ArgumentText.decode(List.of(ascii("ok"), bytes(0xc0, 0xaf))));
        assertTrue(overlong.getMessage().startsWith("argument 2 (\"\\xc0\\xaf\")"), overlong.getMessage());
        var surrogate = assertThrows(ArgumentText.InvalidArgumentException.class,
                () -> ArgumentText.decode(List.of(bytes(0xed, 0xa0, 0x80)))); // CESU-style U+D800
        assertTrue(surrogate.getMessage().startsWith("argument 1 "), surrogate.getMessage());
    }

    @Test
    void validUtf8IsKeptExactlyIncludingARealReplacementCharacter() throws Exception {
        String[] text = ArgumentText.decode(List.of("é".getBytes(StandardCharsets.UTF_8), bytes(0xef, 0xbf, 0xbd), new byte[0]));
        assertArrayEquals(new String[] {"é", "\uFFFD", ""}, text);
    }

    @Test
    void theRawArgumentsAreTheTailOfTheCommandLineWhenTheyMatchWhatTheJvmDecoded() {
        byte[] line = cmdline(ascii("/usr/bin/java"), ascii("-cp"), ascii("kv.jar"), ascii("Main"), ascii("get"), bytes('k', 0xff));
        Optional<List<byte[]>> raw = ArgumentText.rawTail(line, new String[] {"get", "k\uFFFD"}, StandardCharsets.UTF_8);
        assertTrue(raw.isPresent());
        assertArrayEquals(bytes('k', 0xff), raw.get().get(1));
        assertTrue(ArgumentText.rawTail(cmdline(ascii("java"), ascii("")), new String[] {""}, StandardCharsets.UTF_8).isPresent(),
                "an empty argument is an empty entry");
    }

    @Test
    void aCommandLineThatDoesNotEndWithTheseArgumentsIsNotUsed() {
        byte[] line = cmdline(ascii("java"), ascii("surefire.jar"));
        assertTrue(ArgumentText.rawTail(line, new String[] {"get", "k"}, StandardCharsets.UTF_8).isEmpty(), "main called from a test");
        assertTrue(ArgumentText.rawTail(line, new String[] {"x", "y", "z"}, StandardCharsets.UTF_8).isEmpty(), "fewer entries than args");
        assertTrue(ArgumentText.rawTail(ascii("java\0unterminated"), new String[] {"unterminated"}, StandardCharsets.UTF_8).isEmpty());
    }

    @Test
    void underACLocaleValidUtf8IsRecoveredFromTheRawBytes() throws Exception {
        // With LANG=C the JVM decodes argv as ASCII: "é" arrives as two U+FFFD. The raw bytes still say é.
        byte[] e = "é".getBytes(StandardCharsets.UTF_8);
        Optional<List<byte[]>> raw = ArgumentText.rawTail(cmdline(ascii("java"), ascii("Main"), e),
                new String[] {"\uFFFD\uFFFD"}, StandardCharsets.US_ASCII);
        assertTrue(raw.isPresent());
        assertArrayEquals(new String[] {"é"}, ArgumentText.decode(raw.get()));
    }

    @Test
    void withoutRawArgumentsAReplacementCharacterIsRefused() throws Exception {
        var e = assertThrows(ArgumentText.InvalidArgumentException.class,
                () -> ArgumentText.refuseReplacements(new String[] {"put", "k\uFFFD", "v"}));
        assertTrue(e.getMessage().startsWith("argument 2 holds U+FFFD at character 1"), e.getMessage());
        assertArrayEquals(new String[] {"put", "é"}, ArgumentText.refuseReplacements(new String[] {"put", "é"}));
    }

    @Test
    void escapingShowsEveryByteThatIsNotPrintableAscii() {
        assertEquals("a\\\\b\\\"\\x00\\xff", ArgumentText.escape(bytes('a', '\\', 'b', '"', 0, 0xff)));
    }
}
