package dev.chaoskv.kvnode.transport;

import dev.chaoskv.client.protocol.WireReader;
import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.WireWriter;
import dev.chaoskv.client.protocol.ProtocolException;
import dev.chaoskv.raft.log.Entry;
import dev.chaoskv.raft.log.EntryCodec;
import dev.chaoskv.raft.Message;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frames between nodes. A peer link starts with a three-frame handshake ({@link #HANDSHAKE} from
 * the dialing node, {@link #HANDSHAKE_ACK} back, {@link #HANDSHAKE_PROOF}; see
 * {@link PeerHandshake}); the messages after it do not repeat the sender's id.
 */
public final class PeerCodec {
    public static final int HANDSHAKE = 0x40, HELLO = 0x41, APPEND = 0x42, APPEND_RESP = 0x43, HEARTBEAT = 0x44,
            HEARTBEAT_RESP = 0x45, VOTE = 0x46, VOTE_RESP = 0x47, READ_INDEX = 0x48, READ_INDEX_RESP = 0x49,
            SNAPSHOT_CHUNK = 0x4A, SNAPSHOT_ACK = 0x4B, HANDSHAKE_ACK = 0x4C, HANDSHAKE_PROOF = 0x4D;
    /**
     * The first byte of a handshake. Version 1 handshakes began with the u32 length of the
     * sender's id, so their first byte is 0: an old node is recognised, not misread.
     */
    public static final int PROTOCOL_VERSION = 2;
    /** Handshake frames are small; a larger one is not a handshake. */
    public static final int MAX_HANDSHAKE_FRAME = 4096;
    /** Peer frames are bounded too: one Append batch (1 MiB by default) or one maximal entry, with room. */
    public static final int MAX_FRAME = 64 << 20;
    /** Payload bytes before the entries of an APPEND, and before the data of a SNAPSHOT_CHUNK. */
    private static final int APPEND_HEADER = 44, CHUNK_HEADER = 8 + 8 + 8 + 8 + 1 + 4 + 8 + 4;

    private PeerCodec() {
    }

    public static boolean isPeerFrame(int type) {
        return type >= HANDSHAKE && type <= HANDSHAKE_PROOF;
    }

    /**
     * The dialing node's opening frame.
     *
     * @param auth whether the sender holds a peer secret
     */
    public record Hello(String clusterId, String senderId, String receiverId, boolean auth, byte[] nonce) {
    }

    /** The accepting node's answer: who it is, its own nonce, and its proof (empty without a secret). */
    public record HelloAck(String clusterId, String senderId, boolean auth, byte[] nonce, byte[] proof) {
    }

    public static Frame handshake(Hello h) {
        return new Frame(HANDSHAKE, new WireWriter(64).u8(PROTOCOL_VERSION).string(h.clusterId()).string(h.senderId())
                .string(h.receiverId()).u8(h.auth() ? 1 : 0).bytes(h.nonce()).toBytes());
    }

    public static Hello decodeHandshake(Frame f) throws ProtocolException {
        WireReader r = handshakeReader(f, HANDSHAKE, "HANDSHAKE");
        Hello h = new Hello(r.string("cluster id"), r.string("sender id"), r.string("receiver id"), r.u8("auth") != 0, r.bytes("nonce"));
        r.end();
        return h;
    }

    public static Frame handshakeAck(HelloAck a) {
        return new Frame(HANDSHAKE_ACK, new WireWriter(96).u8(PROTOCOL_VERSION).string(a.clusterId()).string(a.senderId())
                .u8(a.auth() ? 1 : 0).bytes(a.nonce()).bytes(a.proof()).toBytes());
    }

    public static HelloAck decodeHandshakeAck(Frame f) throws ProtocolException {
        WireReader r = handshakeReader(f, HANDSHAKE_ACK, "HANDSHAKE_ACK");
        HelloAck a = new HelloAck(r.string("cluster id"), r.string("sender id"), r.u8("auth") != 0, r.bytes("nonce"), r.bytes("proof"));
        r.end();
        return a;
    }

    public static Frame handshakeProof(byte[] proof) {
        return new Frame(HANDSHAKE_PROOF, new WireWriter(40).bytes(proof).toBytes());
    }

    public static byte[] decodeHandshakeProof(Frame f) throws ProtocolException {
        expectType(f, HANDSHAKE_PROOF, "HANDSHAKE_PROOF");
        WireReader r = new WireReader(f.payload(), "HANDSHAKE_PROOF");
        byte[] proof = r.bytes("proof");
        r.end();
        return proof;
    }

    /** A reader positioned after the version byte, which must be this node's. */
    private static WireReader handshakeReader(Frame f, int type, String name) throws ProtocolException {
        expectType(f, type, name);
        WireReader r = new WireReader(f.payload(), name);
        int version = r.u8("version");
        if (version == 0) {
            throw new ProtocolException("old-format " + name + " (peer protocol 1, sent by an older kvnode): this node speaks peer protocol "
                    + PROTOCOL_VERSION + "; run the same kvnode version on every node");
        }
        if (version != PROTOCOL_VERSION) {
            throw new ProtocolException(name + " of peer protocol " + version + ": this node speaks peer protocol " + PROTOCOL_VERSION
                    + "; run the same kvnode version on every node");
        }
        return r;
    }

    private static void expectType(Frame f, int type, String name) throws ProtocolException {
        if (f.type() != type) throw new ProtocolException(String.format("expected %s, got frame type 0x%02x", name, f.type()));
    }

    /** One message as a frame; the link writes frames with {@link #writeFrame} instead, without this copy. */
    public static Frame encode(Message m) {
        ByteBuffer b = ByteBuffer.allocate(frameBound(m));
        writeFrame(m, b);
        return new Frame(b.get(4) & 0xff, Arrays.copyOfRange(b.array(), 5, b.position()));
    }

    /** The most bytes {@link #writeFrame} puts for {@code m}, frame header included. */
    public static int frameBound(Message m) {
        if (m instanceof Message.Append a) {
            int size = 5 + APPEND_HEADER;
            for (Entry e : a.entries()) size += e.encodedSize();
            return size;
        } else if (m instanceof Message.SnapshotChunk c) {
            return 5 + CHUNK_HEADER + c.data().length;
        }
        return 5 + 40; // every other message is at most 33 bytes
    }

    /**
     * Writes {@code m} as one frame {@code [u32 length][u8 type][payload]} at {@code b}'s position,
     * which it advances; {@code b} needs {@link #frameBound} bytes free.
     */
    public static void writeFrame(Message m, ByteBuffer b) {
        int start = b.position();
        b.position(start + 5);
        int type = writePayload(m, b);
        b.putInt(start, b.position() - start - 4).put(start + 4, (byte) type);
    }

    /** Writes the payload (big-endian, as {@code WireWriter} would) and returns the frame type. */
    private static int writePayload(Message m, ByteBuffer b) {
        if (m instanceof Message.Hello h) {
            b.putLong(h.term()).putLong(h.lastTerm()).putLong(h.lastLsn());
            return HELLO;
        } else if (m instanceof Message.Append a) {
            b.putLong(a.term()).putLong(a.prevLsn()).putLong(a.prevTerm()).putLong(a.commit()).putLong(a.leaderLastLsn())
                    .putInt(a.entries().size());
            for (Entry e : a.entries()) EntryCodec.encode(e, b);
            return APPEND;
        } else if (m instanceof Message.AppendResp r) {
            b.putLong(r.term()).put(flag(r.success())).putLong(r.matchLsn()).putLong(r.rejectedPrevLsn()).putLong(r.hintLsn());
            return APPEND_RESP;
        } else if (m instanceof Message.Heartbeat h) {
            b.putLong(h.term()).putLong(h.commit()).putLong(h.seq());
            return HEARTBEAT;
        } else if (m instanceof Message.HeartbeatResp h) {
            b.putLong(h.term()).putLong(h.seq());
            return HEARTBEAT_RESP;
        } else if (m instanceof Message.Vote v) {
            b.putLong(v.term()).putLong(v.lastLsn()).putLong(v.lastTerm()).put(flag(v.preVote()));
            return VOTE;
        } else if (m instanceof Message.VoteResp v) {
            b.putLong(v.term()).put(flag(v.granted())).put(flag(v.preVote()));
            return VOTE_RESP;
        } else if (m instanceof Message.ReadIndexReq r) {
            b.putLong(r.term()).putLong(r.ctx());
            return READ_INDEX;
        } else if (m instanceof Message.ReadIndexResp r) {
            b.putLong(r.term()).putLong(r.ctx()).putLong(r.index());
            return READ_INDEX_RESP;
        } else if (m instanceof Message.SnapshotChunk c) {
            b.putLong(c.term()).putLong(c.lsn()).putLong(c.snapTerm()).putLong(c.offset()).put(flag(c.done())).putInt(c.crc32c())
                    .putLong(c.totalBytes()).putInt(c.data().length).put(c.data());
            return SNAPSHOT_CHUNK;
        } else if (m instanceof Message.SnapshotAck a) {
            b.putLong(a.term()).putLong(a.lsn()).putLong(a.nextOffset());
            return SNAPSHOT_ACK;
        }
        throw new IllegalArgumentException("unknown message " + m);
    }

    private static byte flag(boolean b) {
        return (byte) (b ? 1 : 0);
    }

    public static Message decode(String from, Frame f) throws ProtocolException {
        if (f.type() == APPEND) return decodeAppend(from, f.payload());
        WireReader r = new WireReader(f.payload(), String.format("peer message 0x%02x", f.type()));
        Message m = switch (f.type()) {
            case HELLO -> new Message.Hello(from, r.u64("term"), r.u64("last term"), r.u64("last lsn"));
            case APPEND_RESP -> new Message.AppendResp(from, r.u64("term"), r.u8("success") != 0, r.u64("match"),
                    r.u64("rejected prev"), r.u64("hint"));
            case HEARTBEAT -> new Message.Heartbeat(from, r.u64("term"), r.u64("commit"), r.u64("seq"));
            case HEARTBEAT_RESP -> new Message.HeartbeatResp(from, r.u64("term"), r.u64("seq"));
            case VOTE -> new Message.Vote(from, r.u64("term"), r.u64("last lsn"), r.u64("last term"), r.u8("pre-vote") != 0);
            case VOTE_RESP -> new Message.VoteResp(from, r.u64("term"), r.u8("granted") != 0, r.u8("pre-vote") != 0);
            case READ_INDEX -> new Message.ReadIndexReq(from, r.u64("term"), r.u64("ctx"));
            case READ_INDEX_RESP -> new Message.ReadIndexResp(from, r.u64("term"), r.u64("ctx"), r.u64("index"));
            case SNAPSHOT_CHUNK -> decodeChunk(from, r);
            case SNAPSHOT_ACK -> new Message.SnapshotAck(from, r.u64("term"), r.u64("lsn"), r.u64("next offset"));
            default -> throw new ProtocolException(String.format("unknown peer message type 0x%02x", f.type()));
        };
        r.end();
        return m;
    }

    private static Message.SnapshotChunk decodeChunk(String from, WireReader r) throws ProtocolException {
        long term = r.u64("term"), lsn = r.u64("lsn"), snapTerm = r.u64("snapshot term"), offset = r.u64("offset");
        boolean done = r.u8("done") != 0;
        int crc = r.u32("crc32c");
        long total = r.u64("total bytes");
        return new Message.SnapshotChunk(from, term, lsn, snapTerm, offset, r.bytes("data"), done, crc, total);
    }

    private static Message decodeAppend(String from, byte[] payload) throws ProtocolException {
        ByteBuffer b = ByteBuffer.wrap(payload);
        if (b.remaining() < APPEND_HEADER) {
            throw new ProtocolException("APPEND frame truncated: " + b.remaining() + " bytes, header needs " + APPEND_HEADER);
        }
        long term = b.getLong(), prevLsn = b.getLong(), prevTerm = b.getLong(), commit = b.getLong(), leaderLast = b.getLong();
        int n = b.getInt();
        if (n < 0 || (long) n * EntryCodec.HEADER_BYTES > b.remaining()) {
            throw new ProtocolException("APPEND frame claims " + n + " entries but holds only " + b.remaining() + " bytes");
        }
        List<Entry> entries = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) entries.add(EntryCodec.decode(b));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("APPEND frame entry " + entries.size() + ": " + e.getMessage());
        }
        if (b.hasRemaining()) throw new ProtocolException("APPEND frame has " + b.remaining() + " trailing bytes");
        return new Message.Append(from, term, prevLsn, prevTerm, commit, leaderLast, entries);
    }
}
