package dev.chaoskv.client.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts frames out of bytes as they arrive from a non-blocking socket, with the same checks as
 * {@link Frame#read}: a header claiming less than the type byte is a {@link ProtocolException},
 * one claiming more than the limit a {@link FrameTooLargeException} (before any payload memory
 * is taken), and payload memory grows as bytes arrive, never from the header's claim. Holds only
 * the unfinished frame between calls, so an idle connection costs a few bytes.
 */
public final class FrameDecoder {
    private static final int GROWTH_CHUNK = 64 * 1024;

    private final int maxLength;
    private final byte[] header = new byte[5];
    private int headerHave;
    private byte[] payload;
    private int payloadHave;
    private int payloadNeed;

    public FrameDecoder(int maxLength) {
        this.maxLength = maxLength;
    }

    /**
     * Consumes bytes from {@code in} up to the end of the next complete frame and returns it, or
     * returns null when {@code in} ran out first (everything consumed and kept for the next call).
     */
    public Frame next(ByteBuffer in) throws ProtocolException {
        if (payload == null) {
            if (headerHave == 0 && in.remaining() >= 5) {
                int length = in.getInt(in.position());
                checkLength(Integer.toUnsignedLong(length));
                if (in.remaining() - 5 >= length - 1) {
                    // The whole frame is here: one copy, no state kept.
                    in.position(in.position() + 4);
                    int type = in.get() & 0xff;
                    byte[] body = new byte[length - 1];
                    in.get(body);
                    return new Frame(type, body);
                }
            }
            while (headerHave < 5 && in.hasRemaining()) {
                header[headerHave++] = in.get();
                if (headerHave == 4) checkLength(Integer.toUnsignedLong(ByteBuffer.wrap(header).getInt(0)));
            }
            if (headerHave < 5) return null;
            payloadNeed = ByteBuffer.wrap(header).getInt(0) - 1;
            payload = new byte[Math.min(payloadNeed, GROWTH_CHUNK)];
            payloadHave = 0;
        }
        while (payloadHave < payloadNeed && in.hasRemaining()) {
            if (payloadHave == payload.length) payload = Arrays.copyOf(payload, (int) Math.min(payloadNeed, payload.length * 2L));
            int n = Math.min(in.remaining(), payload.length - payloadHave);
            in.get(payload, payloadHave, n);
            payloadHave += n;
        }
        if (payloadHave < payloadNeed) return null;
        Frame f = new Frame(header[4] & 0xff, payload);
        payload = null;
        headerHave = 0;
        return f;
    }

    private void checkLength(long length) throws ProtocolException {
        if (length < 1) throw new ProtocolException("frame length " + length + " is too small (it must include the type byte)");
        if (length > maxLength) throw new FrameTooLargeException(length, maxLength);
    }

    /** Whether a frame has begun but not ended: the stream ending now would cut it. */
    public boolean inFrame() {
        return headerHave > 0;
    }

    /** Why an end of stream now is an error, in the words {@link Frame#read} uses; null between frames. */
    public String cutShort() {
        if (headerHave == 0) return null;
        if (headerHave < 4) return "stream ended inside a frame header";
        if (headerHave == 4) return "stream ended before the frame type";
        return "stream ended after " + payloadHave + " of " + payloadNeed + " payload bytes";
    }
}
