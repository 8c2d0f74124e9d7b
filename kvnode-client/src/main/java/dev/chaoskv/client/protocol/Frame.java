package dev.chaoskv.client.protocol;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A length-prefixed frame: {@code [u32 length][u8 type][payload]}, where length counts the type
 * byte and the payload. See docs/protocol.md.
 */
public record Frame(int type, byte[] payload) {

    /** Payload bytes are allocated as they arrive, never up front from the header's claim. */
    private static final int GROWTH_CHUNK = 64 * 1024;

    /**
     * Reads one frame, or returns null on a clean end of stream before a frame starts.
     *
     * @throws FrameTooLargeException if the header claims more than {@code maxLength}
     * @throws EOFException           if the stream ends inside a frame
     */
    public static Frame read(InputStream in, int maxLength) throws IOException {
        int b0 = in.read();
        if (b0 < 0) return null;
        int b1 = in.read(), b2 = in.read(), b3 = in.read();
        if ((b1 | b2 | b3) < 0) throw new EOFException("stream ended inside a frame header");
        long length = ((long) b0 << 24) | ((long) b1 << 16) | ((long) b2 << 8) | b3;
        if (length < 1) throw new ProtocolException("frame length " + length + " is too small (it must include the type byte)");
        if (length > maxLength) throw new FrameTooLargeException(length, maxLength);
        int type = in.read();
        if (type < 0) throw new EOFException("stream ended before the frame type");
        int need = (int) length - 1;
        byte[] buf = new byte[Math.min(need, GROWTH_CHUNK)];
        int have = 0;
        while (have < need) {
            if (have == buf.length) buf = Arrays.copyOf(buf, Math.min(need, buf.length * 2));
            int n = in.read(buf, have, buf.length - have);
            if (n < 0) throw new EOFException("stream ended after " + have + " of " + need + " payload bytes");
            have += n;
        }
        return new Frame(type, buf);
    }

    /** Header and payload in one buffer, ready for a (gathering) channel write. */
    public ByteBuffer toBuffer() {
        ByteBuffer b = ByteBuffer.allocate(5 + payload.length);
        b.putInt(payload.length + 1).put((byte) type).put(payload);
        return b.flip();
    }

    public void write(OutputStream out) throws IOException {
        int length = payload.length + 1;
        out.write(new byte[]{(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length, (byte) type});
        out.write(payload);
    }
}
