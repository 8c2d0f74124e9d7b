package dev.chaoskv.raft.log;

import java.nio.ByteBuffer;

/**
 * Binary form of an entry, shared by the WAL record body and replication messages:
 * {@code [u64 term][u64 lsn][u8 type][u32 keyLen][key][u32 valueLen][value]}.
 */
public final class EntryCodec {
    public static final int HEADER_BYTES = 8 + 8 + 1 + 4 + 4;

    private EntryCodec() {
    }

    public static void encode(Entry e, ByteBuffer out) {
        out.putLong(e.term()).putLong(e.lsn()).put((byte) e.type().code)
                .putInt(e.key().length).put(e.key())
                .putInt(e.value().length).put(e.value());
    }

    /**
     * Decodes one entry; lengths are checked against what the buffer really holds before any
     * array is allocated, so a corrupt length can never make us allocate what a frame merely claims.
     */
    public static Entry decode(ByteBuffer in) {
        if (in.remaining() < HEADER_BYTES) throw new IllegalArgumentException("entry header truncated: " + in.remaining() + " bytes left");
        long term = in.getLong();
        long lsn = in.getLong();
        EntryType type = EntryType.ofCode(in.get() & 0xff);
        byte[] key = readBytes(in, "key");
        byte[] value = readBytes(in, "value");
        return new Entry(term, lsn, type, key, value);
    }

    private static byte[] readBytes(ByteBuffer in, String what) {
        if (in.remaining() < 4) throw new IllegalArgumentException(what + " length truncated");
        int len = in.getInt();
        if (len < 0 || len > in.remaining()) throw new IllegalArgumentException(what + " length " + len + " exceeds the " + in.remaining() + " bytes present");
        byte[] b = new byte[len];
        in.get(b);
        return b;
    }
}
