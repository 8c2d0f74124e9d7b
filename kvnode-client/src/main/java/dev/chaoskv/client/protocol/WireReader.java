package dev.chaoskv.client.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Reads a frame payload with bounds checks; every failure names the frame and the field, so a
 * bad client gets an ERROR that says exactly what was wrong.
 */
public final class WireReader {
    private final byte[] buf;
    private final String frameName;
    private int pos;

    public WireReader(byte[] buf, String frameName) {
        this.buf = buf;
        this.frameName = frameName;
    }

    private void need(int n, String field) throws ProtocolException {
        if (buf.length - pos < n) {
            throw new ProtocolException(frameName + " frame truncated: field '" + field + "' needs " + n
                    + " bytes at payload offset " + pos + " but only " + (buf.length - pos) + " remain");
        }
    }

    public int u8(String field) throws ProtocolException {
        need(1, field);
        return buf[pos++] & 0xff;
    }

    public int u32(String field) throws ProtocolException {
        need(4, field);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long u64(String field) throws ProtocolException {
        long hi = u32(field) & 0xffffffffL;
        return (hi << 32) | (u32(field) & 0xffffffffL);
    }

    public byte[] bytes(String field) throws ProtocolException {
        int len = u32(field + " length");
        if (len < 0 || len > buf.length - pos) {
            throw new ProtocolException(frameName + " frame: field '" + field + "' claims " + Integer.toUnsignedString(len)
                    + " bytes at payload offset " + (pos - 4) + " but only " + (buf.length - pos) + " remain");
        }
        byte[] out = new byte[len];
        System.arraycopy(buf, pos, out, 0, len);
        pos += len;
        return out;
    }

    public byte[] optBytes(String field) throws ProtocolException {
        boolean present = u8(field + " present flag") != 0;
        byte[] b = bytes(field);
        return present ? b : null;
    }

    public String string(String field) throws ProtocolException {
        return new String(bytes(field), StandardCharsets.UTF_8);
    }

    public int remaining() {
        return buf.length - pos;
    }

    /** Fails if bytes are left over: a frame longer than its fields is as wrong as a short one. */
    public void end() throws ProtocolException {
        if (pos != buf.length) {
            throw new ProtocolException(frameName + " frame has " + (buf.length - pos) + " unexpected trailing bytes at payload offset " + pos);
        }
    }
}
