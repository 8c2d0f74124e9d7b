package dev.chaoskv.kvnode.transport;

import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.WireWriter;
import dev.chaoskv.raft.Message;
import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Peer messages written straight into a buffer have the layout of protocol.md, byte for byte, and read back. */
class PeerCodecTest {
    private static final Entry PUT = new Entry(3, 17, EntryType.PUT, "key".getBytes(), "value".getBytes());

    /** Each message with its payload as protocol.md's table lays it out, built independently with WireWriter. */
    private static final Map<Message, byte[]> DOCUMENTED = Map.ofEntries(
            Map.entry(new Message.Hello("n2", 5, 4, 99), new WireWriter(24).u64(5).u64(4).u64(99).toBytes()),
            Map.entry(new Message.AppendResp("n2", 5, true, 40, -1, 41), new WireWriter(40).u64(5).u8(1).u64(40).u64(-1).u64(41).toBytes()),
            Map.entry(new Message.Heartbeat("n1", 5, 40, 7), new WireWriter(24).u64(5).u64(40).u64(7).toBytes()),
            Map.entry(new Message.HeartbeatResp("n2", 5, 7), new WireWriter(16).u64(5).u64(7).toBytes()),
            Map.entry(new Message.Vote("n1", 6, 40, 5, true), new WireWriter(32).u64(6).u64(40).u64(5).u8(1).toBytes()),
            Map.entry(new Message.VoteResp("n2", 6, false, true), new WireWriter(16).u64(6).u8(0).u8(1).toBytes()),
            Map.entry(new Message.ReadIndexReq("n2", 6, 11), new WireWriter(16).u64(6).u64(11).toBytes()),
            Map.entry(new Message.ReadIndexResp("n1", 6, 11, 40), new WireWriter(24).u64(6).u64(11).u64(40).toBytes()),
            Map.entry(new Message.SnapshotChunk("n1", 6, 40, 5, 1024, new byte[]{1, 2, 3}, true, 0xCAFE, 1027),
                    new WireWriter(64).u64(6).u64(40).u64(5).u64(1024).u8(1).u32(0xCAFE).u64(1027).bytes(new byte[]{1, 2, 3}).toBytes()),
            Map.entry(new Message.SnapshotAck("n2", 6, 40, 1027), new WireWriter(24).u64(6).u64(40).u64(1027).toBytes()),
            Map.entry(new Message.Append("n1", 3, 16, 2, 15, 17, List.of(PUT)),
                    new WireWriter(80).u64(3).u64(16).u64(2).u64(15).u64(17).u32(1)
                            .u64(3).u64(17).u8(EntryType.PUT.code).bytes("key".getBytes()).bytes("value".getBytes()).toBytes()));

    private static byte[] written(Message m, int at) {
        ByteBuffer b = ByteBuffer.allocate(at + PeerCodec.frameBound(m));
        b.position(at);
        PeerCodec.writeFrame(m, b);
        return Arrays.copyOfRange(b.array(), at, b.position());
    }

    private static byte[] frameBytes(Frame f) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        f.write(out);
        return out.toByteArray();
    }

    @Test
    void everyMessageIsWrittenAsDocumentedAndReadsBack() throws Exception {
        assertEquals(Message.class.getPermittedSubclasses().length, DOCUMENTED.size(), "a message type has no layout here");
        for (var e : DOCUMENTED.entrySet()) {
            Message m = e.getKey();
            Frame expected = PeerCodec.encode(m);
            assertArrayEquals(e.getValue(), expected.payload(), m.toString());
            byte[] bytes = written(m, 7);
            assertArrayEquals(frameBytes(expected), bytes, m.toString());
            assertTrue(bytes.length <= PeerCodec.frameBound(m), m.toString());
            Frame read = Frame.read(new ByteArrayInputStream(bytes), PeerCodec.MAX_FRAME);
            assertArrayEquals(bytes, PeerCodec.encode(PeerCodec.decode(m.from(), read)).toBuffer().array(), m.toString());
        }
    }

    @Test
    void anAppendOfManyEntriesFillsItsBoundExactly() {
        List<Entry> entries = List.of(PUT, Entry.noop(3, 18), new Entry(3, 19, EntryType.DELETE, "k2".getBytes(), null));
        Message.Append a = new Message.Append("n1", 3, 16, 2, 15, 19, entries);
        assertEquals(PeerCodec.frameBound(a), written(a, 0).length);
    }
}
