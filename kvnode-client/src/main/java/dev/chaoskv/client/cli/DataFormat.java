package dev.chaoskv.client.cli;

import dev.chaoskv.client.protocol.Utf8;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * How bin/kv reads keys and values from its arguments and prints them: as text (UTF-8, written
 * out byte for byte), or as hex or base64 for bytes that are not text. Keys are UTF-8 text on
 * the wire (docs/protocol.md), so a hex or base64 key must decode to valid UTF-8.
 */
enum DataFormat {
    TEXT, HEX, BASE64;

    private static final HexFormat HEX_DIGITS = HexFormat.of();

    /** The format the --hex and --base64 flags ask for; both at once is a usage error. */
    static DataFormat of(boolean hex, boolean base64) {
        if (hex && base64) throw new IllegalArgumentException("--hex and --base64 cannot be combined");
        return hex ? HEX : base64 ? BASE64 : TEXT;
    }

    /** The bytes an argument stands for; {@code label} (KEY, VALUE, ...) names it in errors. */
    byte[] bytes(String arg, String label) {
        return switch (this) {
            case TEXT -> arg.getBytes(StandardCharsets.UTF_8); // exact: arguments were decoded strictly
            case HEX -> {
                try {
                    yield HEX_DIGITS.parseHex(arg);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(label + " is not hex (two digits 0-9a-f per byte): \"" + arg + "\"");
                }
            }
            case BASE64 -> {
                try {
                    yield Base64.getDecoder().decode(arg);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(label + " is not base64 (RFC 4648, with padding): \"" + arg + "\"");
                }
            }
        };
    }

    /** A key argument; it must stand for valid UTF-8, as kvnode keys are text. */
    String key(String arg, String label) {
        if (this == TEXT) return arg;
        String key = Utf8.decode(bytes(arg, label));
        if (key == null) {
            throw new IllegalArgumentException(label + " \"" + arg + "\" decodes to bytes that are not valid UTF-8;"
                    + " kvnode keys are UTF-8 text (values may be any bytes)");
        }
        return key;
    }

    /** Writes {@code data} as this format: text byte for byte, never re-encoded. */
    void write(byte[] data, PrintStream out) {
        if (this == TEXT) out.writeBytes(data);
        else out.print(encode(data));
    }

    /**
     * {@code data} as a JSON string value. Text must be valid UTF-8, as JSON cannot hold other
     * bytes; {@code what} names the data in that error.
     */
    String jsonText(byte[] data, String what) {
        if (this != TEXT) return encode(data);
        String text = Utf8.decode(data);
        if (text == null) {
            throw new IllegalArgumentException(what + " is not valid UTF-8, which JSON text cannot hold byte for byte;"
                    + " use --hex or --base64");
        }
        return text;
    }

    private String encode(byte[] data) {
        return this == HEX ? HEX_DIGITS.formatHex(data) : Base64.getEncoder().encodeToString(data);
    }
}
