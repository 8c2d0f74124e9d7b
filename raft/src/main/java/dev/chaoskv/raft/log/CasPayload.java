package dev.chaoskv.raft.log;

import java.nio.ByteBuffer;

/**
 * The value field of a CAS entry: {@code [u8 expectedPresent][u32 expectedLen][expected][new...]}.
 * An absent expected value means "succeed only if the key does not exist".
 */
public record CasPayload(byte[] expected, byte[] newValue) {

    public byte[] encode() {
        int expLen = expected == null ? 0 : expected.length;
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + expLen + newValue.length);
        b.put((byte) (expected == null ? 0 : 1)).putInt(expLen);
        if (expected != null) b.put(expected);
        b.put(newValue);
        return b.array();
    }

    public static CasPayload decode(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw);
        if (b.remaining() < 5) throw new IllegalArgumentException("CAS payload shorter than its header");
        boolean present = b.get() != 0;
        int expLen = b.getInt();
        if (expLen < 0 || expLen > b.remaining()) throw new IllegalArgumentException("CAS expected length " + expLen + " out of range");
        byte[] exp = null;
        if (present) {
            exp = new byte[expLen];
            b.get(exp);
        } else {
            b.position(b.position() + expLen);
        }
        byte[] nv = new byte[b.remaining()];
        b.get(nv);
        return new CasPayload(exp, nv);
    }
}
