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

    public static Frame encode(Message m) {
        if (m instanceof Message.Hello h) {
            return new Frame(HELLO, new WireWriter(24).u64(h.term()).u64(h.lastTerm()).u64(h.lastLsn()).toBytes());
        } else if (m instanceof Message.Append a) {
            int size = 48;
            for (Entry e : a.entries()) size += e.encodedSize();
            ByteBuffer b = ByteBuffer.allocate(size);
            b.putLong(a.term()).putLong(a.prevLsn()).putLong(a.prevTerm()).putLong(a.commit()).putLong(a.leaderLastLsn())
                    .putInt(a.entries().size());
            for (Entry e : a.entries()) EntryCodec.encode(e, b);
            return new Frame(APPEND, java.util.Arrays.copyOf(b.array(), b.position()));
        } else if (m instanceof Message.AppendResp r) {
            return new Frame(APPEND_RESP, new WireWriter(40).u64(r.term()).u8(r.success() ? 1 : 0).u64(r.matchLsn())
                    .u64(r.rejectedPrevLsn()).u64(r.hintLsn()).toBytes());
        } else if (m instanceof Message.Heartbeat h) {
            return new Frame(HEARTBEAT, new WireWriter(24).u64(h.term()).u64(h.commit()).u64(h.seq()).toBytes());
        } else if (m instanceof Message.HeartbeatResp h) {
            return new Frame(HEARTBEAT_RESP, new WireWriter(16).u64(h.term()).u64(h.seq()).toBytes());
        } else if (m instanceof Message.Vote v) {
            return new Frame(VOTE, new WireWriter(32).u64(v.term()).u64(v.lastLsn()).u64(v.lastTerm()).u8(v.preVote() ? 1 : 0).toBytes());
        } else if (m instanceof Message.VoteResp v) {
            return new Frame(VOTE_RESP, new WireWriter(16).u64(v.term()).u8(v.granted() ? 1 : 0).u8(v.preVote() ? 1 : 0).toBytes());
        } else if (m instanceof Message.ReadIndexReq r) {
            return new Frame(READ_INDEX, new WireWriter(16).u64(r.term()).u64(r.ctx()).toBytes());
        } else if (m instanceof Message.ReadIndexResp r) {
            return new Frame(READ_INDEX_RESP, new WireWriter(24).u64(r.term()).u64(r.ctx()).u64(r.index()).toBytes());
        } else if (m instanceof Message.SnapshotChunk c) {
            return new Frame(SNAPSHOT_CHUNK, new WireWriter(64 + c.data().length).u64(c.term()).u64(c.lsn()).u64(c.snapTerm())
                    .u64(c.offset()).u8(c.done() ? 1 : 0).u32(c.crc32c()).u64(c.totalBytes()).bytes(c.data()).toBytes());
        } else if (m instanceof Message.SnapshotAck a) {
            return new Frame(SNAPSHOT_ACK, new WireWriter(24).u64(a.term()).u64(a.lsn()).u64(a.nextOffset()).toBytes());
        }
        throw new IllegalArgumentException("unknown message " + m);
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
        if (b.remaining() < 44) throw new ProtocolException("APPEND frame truncated: " + b.remaining() + " bytes, header needs 44");
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
