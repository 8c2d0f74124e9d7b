package dev.chaoskv.kvnode.wal;

import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads WAL records ({@code [u32 bodyLength][u32 crc32c(body)][body = entry]}) out of a segment
 * file at recovery, and looks for a valid record anywhere after a damaged one: whether one exists
 * is what tells a torn tail (nothing valid follows) from corruption in the middle of the log.
 */
final class RecordReader {
    static final int RECORD_HEADER = 8;
    /** Larger than any legal record (1 KiB key, 2 x 1 MiB CAS value); a bigger length is corruption. */
    static final int MAX_RECORD_BODY = 64 << 20;
    /** The smallest record: a header and an entry with an empty key and value. */
    private static final int MIN_RECORD = RECORD_HEADER + EntryCodec.HEADER_BYTES;
    /** Offsets inside a record of the entry's type byte and key length (see {@link EntryCodec}). */
    private static final int TYPE_AT = RECORD_HEADER + 16, KEY_LEN_AT = TYPE_AT + 1;
    private static final int MAX_TYPE_CODE = 3;

    private final CRC32C crc = new CRC32C();
    private final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);

    /** A record read at an offset: its entry and length on disk, or what is wrong with it. */
    record Read(Entry entry, long length, String problem) {
        static Read damaged(String problem) {
            return new Read(null, 0, problem);
        }
    }

    /** Reads the record at {@code pos} of a file of {@code size} bytes. */
    Read readAt(FileChannel ch, long pos, long size) throws IOException {
        if (size - pos < RECORD_HEADER) return Read.damaged("partial record header (" + (size - pos) + " bytes)");
        header.clear();
        readFully(ch, header, pos);
        long bodyLen = Integer.toUnsignedLong(header.getInt(0));
        int expectedCrc = header.getInt(4);
        if (bodyLen < EntryCodec.HEADER_BYTES || bodyLen > MAX_RECORD_BODY) return Read.damaged("impossible record length " + bodyLen);
        if (pos + RECORD_HEADER + bodyLen > size) return Read.damaged("record of " + bodyLen + " bytes runs past the end of the file");
        ByteBuffer body = ByteBuffer.allocate((int) bodyLen);
        readFully(ch, body, pos + RECORD_HEADER);
        body.flip();
        crc.reset();
        crc.update(body.duplicate());
        if ((int) crc.getValue() != expectedCrc) return Read.damaged("CRC32C mismatch");
        try {
            return new Read(EntryCodec.decode(body), RECORD_HEADER + bodyLen, null);
        } catch (IllegalArgumentException e) {
            return Read.damaged("undecodable record: " + e.getMessage());
        }
    }

    /**
     * Offset of the first whole record with a correct checksum that starts at or after
     * {@code from}, or -1. Every offset is tried, so a damaged length cannot hide what follows;
     * an offset is only checksummed once its header and entry lengths agree, which keeps the scan
     * of a large segment to one pass over its bytes.
     */
    long findValidRecord(FileChannel ch, long from, long size) throws IOException {
        if (size - from < MIN_RECORD) return -1;
        ByteBuffer window = ByteBuffer.allocate((int) Math.min(size - from, 1 << 20));
        long windowStart = -1;
        for (long q = from; q + MIN_RECORD <= size; q++) {
            if (windowStart < 0 || q + MIN_RECORD > windowStart + window.limit()) {
                window.clear();
                window.limit((int) Math.min(window.capacity(), size - q));
                readFully(ch, window, q);
                windowStart = q;
            }
            int i = (int) (q - windowStart);
            long bodyLen = Integer.toUnsignedLong(window.getInt(i));
            if (bodyLen < EntryCodec.HEADER_BYTES || bodyLen > MAX_RECORD_BODY || q + RECORD_HEADER + bodyLen > size) continue;
            if ((window.get(i + TYPE_AT) & 0xff) > MAX_TYPE_CODE) continue;
            long keyLen = Integer.toUnsignedLong(window.getInt(i + KEY_LEN_AT));
            if (EntryCodec.HEADER_BYTES + keyLen > bodyLen) continue;
            long valueLenAt = q + KEY_LEN_AT + 4 + keyLen;
            long valueLen = Integer.toUnsignedLong(valueLenAt + 4 <= windowStart + window.limit()
                    ? window.getInt((int) (valueLenAt - windowStart)) : readInt(ch, valueLenAt));
            if (valueLen != bodyLen - EntryCodec.HEADER_BYTES - keyLen) continue;
            if (readAt(ch, q, size).problem() == null) return q;
        }
        return -1;
    }

    /** Whether bytes {@code from..size} are all zero (the space written ahead of the records in the last segment). */
    boolean onlyZeros(FileChannel ch, long from, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - from, 1 << 16));
        for (long at = from; at < size; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), size - at));
            readFully(ch, buf, at);
            for (int i = 0; i < buf.limit(); i++) if (buf.get(i) != 0) return false;
            at += buf.limit();
        }
        return true;
    }

    private int readInt(FileChannel ch, long pos) throws IOException {
        header.clear().limit(4);
        readFully(ch, header, pos);
        return header.getInt(0);
    }

    static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) throw new IOException("unexpected end of file at " + pos);
            pos += n;
        }
    }
}
