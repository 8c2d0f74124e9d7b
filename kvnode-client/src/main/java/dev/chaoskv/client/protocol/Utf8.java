package dev.chaoskv.client.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8: bytes that are not valid UTF-8 are refused, never replaced by U+FFFD, because a
 * replacement would turn two different keys into one.
 */
public final class Utf8 {
    private Utf8() {
    }

    /** The text {@code bytes} encode, or null if they are not valid UTF-8. */
    public static String decode(byte[] bytes) {
        CharBuffer out = CharBuffer.allocate(bytes.length);
        return decode(ByteBuffer.wrap(bytes), out) ? out.flip().toString() : null;
    }

    /** The offset of the first byte that is not part of valid UTF-8, or -1 if all of it is. */
    public static int firstInvalidByte(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return decode(in, CharBuffer.allocate(bytes.length)) ? -1 : in.position();
    }

    private static boolean decode(ByteBuffer in, CharBuffer out) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult r = d.decode(in, out, true);
        return !r.isError() && !d.flush(out).isError();
    }
}
