package dev.chaoskv.client.cli;

import dev.chaoskv.client.protocol.Utf8;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * bin/kv's arguments as the text the user typed, byte for byte. The JVM decodes argv with the
 * platform charset and puts U+FFFD where it cannot decode, so {@code $'k\xff'} and
 * {@code $'k\xfe'} both arrive as "k\uFFFD" (and in a C locale every non-ASCII byte does,
 * valid UTF-8 included). Looking for U+FFFD in the JVM's strings would refuse a real U+FFFD and
 * any valid non-ASCII key under LANG=C. So where the kernel keeps the raw argv (Linux:
 * /proc/self/cmdline) those bytes are decoded as strict UTF-8; only where it does not is the
 * JVM's text used, refusing any U+FFFD because it cannot be told from a replaced byte.
 */
final class ArgumentText {
    private static final Path CMDLINE = Path.of("/proc/self/cmdline");

    /** An argument that is not valid UTF-8 (or, without raw argv, holds U+FFFD). */
    static final class InvalidArgumentException extends Exception {
        InvalidArgumentException(String message) {
            super(message, null, false, false);
        }
    }

    private ArgumentText() {
    }

    /** The arguments of this process's {@code main}, exactly as typed. */
    static String[] of(String[] jvmArgs) throws InvalidArgumentException {
        Optional<List<byte[]>> raw = Optional.empty();
        try {
            if (Files.isReadable(CMDLINE)) raw = rawTail(Files.readAllBytes(CMDLINE), jvmArgs, platformCharset());
        } catch (IOException e) {
            // no raw argv: fall back to the JVM's text
        }
        return raw.isPresent() ? decode(raw.get()) : refuseReplacements(jvmArgs);
    }

    /**
     * The last {@code jvmArgs.length} entries of a NUL-separated command line, if they are the
     * bytes the JVM decoded into {@code jvmArgs}. They are not when main was called from other
     * code (a test), so a mismatch means "no raw argv", never a guess.
     */
    static Optional<List<byte[]>> rawTail(byte[] cmdline, String[] jvmArgs, Charset platform) {
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                entries.add(Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        if (start < cmdline.length || entries.size() < jvmArgs.length) return Optional.empty();
        List<byte[]> tail = entries.subList(entries.size() - jvmArgs.length, entries.size());
        for (int i = 0; i < jvmArgs.length; i++) {
            if (!new String(tail.get(i), platform).equals(jvmArgs[i])) return Optional.empty();
        }
        return Optional.of(List.copyOf(tail));
    }

    /** Each argument as strict UTF-8; the first one that is not is refused, by position and bytes. */
    static String[] decode(List<byte[]> raw) throws InvalidArgumentException {
        String[] text = new String[raw.size()];
        for (int i = 0; i < text.length; i++) {
            byte[] b = raw.get(i);
            text[i] = Utf8.decode(b);
            if (text[i] == null) {
                int at = Utf8.firstInvalidByte(b);
                throw new InvalidArgumentException(String.format("argument %d (\"%s\") is not valid UTF-8 (byte 0x%02x at offset %d);"
                        + " kv never alters a key or value, so give binary ones with --hex or --base64", i + 1, escape(b), b[at] & 0xff, at));
            }
        }
        return text;
    }

    /** Without raw argv: the JVM's text, refusing U+FFFD, which may stand for bytes that were not UTF-8. */
    static String[] refuseReplacements(String[] jvmArgs) throws InvalidArgumentException {
        for (int i = 0; i < jvmArgs.length; i++) {
            int at = jvmArgs[i].indexOf('\uFFFD');
            if (at >= 0) {
                throw new InvalidArgumentException("argument " + (i + 1) + " holds U+FFFD at character " + at
                        + ", which is what Java makes of bytes that are not valid UTF-8, so kv cannot tell what was typed;"
                        + " give binary keys and values with --hex or --base64");
            }
        }
        return jvmArgs.clone();
    }

    /** How the launcher decoded argv: the JVM's native encoding (sun.jnu.encoding), not file.encoding. */
    private static Charset platformCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding"));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /** Printable ASCII as is, every other byte as \xHH, so the refused argument can be recognised. */
    static String escape(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\\' || c == '"') s.append('\\').append((char) c);
            else if (c >= 0x20 && c < 0x7f) s.append((char) c);
            else s.append(String.format("\\x%02x", c));
        }
        return s.toString();
    }
}
