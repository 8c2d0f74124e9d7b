package dev.chaoskv.client.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds a frame payload: big-endian integers and length-prefixed byte strings. */
public final class WireWriter {
    private byte[] buf;
    private int pos;

    public WireWriter(int initial) {
        buf = new byte[Math.max(16, initial)];
    }

    private void ensure(int n) {
        if (pos + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }

    public WireWriter u8(int v) {
        ensure(1);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter u32(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
        return this;
    }

    public WireWriter u64(long v) {
        u32((int) (v >>> 32));
        return u32((int) v);
    }

    public WireWriter bytes(byte[] b) {
        u32(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
        return this;
    }

    /** A byte string that may be absent: {@code [u8 present][u32 len][bytes]}. */
    public WireWriter optBytes(byte[] b) {
        u8(b == null ? 0 : 1);
        return bytes(b == null ? new byte[0] : b);
    }

    public WireWriter string(String s) {
        return bytes((s == null ? "" : s).getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toBytes() {
        return Arrays.copyOf(buf, pos);
    }
}
