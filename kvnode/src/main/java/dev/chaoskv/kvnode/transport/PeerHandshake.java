package dev.chaoskv.kvnode.transport;

import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.ProtocolException;
import dev.chaoskv.kvnode.transport.PeerSecret.Direction;

/**
 * The checks of the peer handshake, without the sockets. The dialing node sends
 * {@code HANDSHAKE(cluster, me, you, auth, nonceD)}; the accepting node checks it and answers
 * {@code HANDSHAKE_ACK(cluster, me, auth, nonceA, proofA)}; the dialer checks that and sends
 * {@code HANDSHAKE_PROOF(proofD)}. Only then is any Raft message read. Each proof is an HMAC of
 * the shared secret over both nonces, the cluster, both ids and the side that makes it, so a
 * recorded proof is worthless on another connection and one side's proof cannot be sent back as
 * the other's. Without a secret on either side the proofs are empty and only the cluster and
 * member ids are checked.
 */
public final class PeerHandshake {

    /** The other side may not talk to this node; the message says why, for the log. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason);
        }
    }

    private PeerHandshake() {
    }

    /** This node's side of a connection it opened to {@code peerId}. */
    public static final class Dialer {
        private final PeerCredentials self;
        private final String peerId;
        private final byte[] nonce;

        public Dialer(PeerCredentials self, String peerId, byte[] nonce) {
            this.self = self;
            this.peerId = peerId;
            this.nonce = nonce.clone();
        }

        public Frame hello() {
            return PeerCodec.handshake(new PeerCodec.Hello(self.clusterId(), self.selfId(), peerId, self.authenticates(), nonce));
        }

        /** Checks the peer's answer; returns this node's proof to send. */
        public Frame onAck(Frame frame) throws Refused {
            PeerCodec.HelloAck ack;
            try {
                ack = PeerCodec.decodeHandshakeAck(frame);
            } catch (ProtocolException e) {
                throw new Refused(e.getMessage());
            }
            checkCluster(self, ack.clusterId());
            if (!ack.senderId().equals(peerId)) {
                throw new Refused("answered as '" + ack.senderId() + "', but this node dialed '" + peerId + "' (wrong address in --peers?)");
            }
            checkAuthModes(self, ack.auth());
            checkNonce(ack.nonce());
            if (!self.authenticates()) return PeerCodec.handshakeProof(new byte[0]);
            if (!self.secret().verify(ack.proof(), Direction.ACCEPTOR, self.clusterId(), self.selfId(), peerId, nonce, ack.nonce())) {
                throw new Refused("wrong peer secret (its proof does not match --peer-secret-file)");
            }
            return PeerCodec.handshakeProof(self.secret().proof(Direction.DIALER, self.clusterId(), self.selfId(), peerId, nonce, ack.nonce()));
        }
    }

    /** This node's side of a connection a peer opened to it. */
    public static final class Acceptor {
        private final PeerCredentials self;
        private final byte[] nonce;
        private PeerCodec.Hello hello;

        public Acceptor(PeerCredentials self, byte[] nonce) {
            this.self = self;
            this.nonce = nonce.clone();
        }

        /** Checks the dialer's opening frame; returns this node's answer. */
        public Frame onHello(Frame frame) throws Refused {
            PeerCodec.Hello h;
            try {
                h = PeerCodec.decodeHandshake(frame);
            } catch (ProtocolException e) {
                throw new Refused(e.getMessage());
            }
            checkCluster(self, h.clusterId());
            if (!self.members().contains(h.senderId())) {
                throw new Refused("unknown member '" + h.senderId() + "' (not in --peers/--leader)");
            }
            if (!h.receiverId().equals(self.selfId())) {
                throw new Refused("'" + h.senderId() + "' dialed '" + h.receiverId() + "', but this is '" + self.selfId() + "' (wrong address in its --peers?)");
            }
            checkAuthModes(self, h.auth());
            checkNonce(h.nonce());
            hello = h;
            byte[] proof = self.authenticates()
                    ? self.secret().proof(Direction.ACCEPTOR, self.clusterId(), h.senderId(), self.selfId(), h.nonce(), nonce)
                    : new byte[0];
            return PeerCodec.handshakeAck(new PeerCodec.HelloAck(self.clusterId(), self.selfId(), self.authenticates(), nonce, proof));
        }

        /** Checks the dialer's proof; returns the peer's id, now trusted. */
        public String onProof(Frame frame) throws Refused {
            if (hello == null) throw new IllegalStateException("onProof before onHello");
            byte[] proof;
            try {
                proof = PeerCodec.decodeHandshakeProof(frame);
            } catch (ProtocolException e) {
                throw new Refused("'" + hello.senderId() + "': " + e.getMessage());
            }
            if (self.authenticates()
                    && !self.secret().verify(proof, Direction.DIALER, self.clusterId(), hello.senderId(), self.selfId(), hello.nonce(), nonce)) {
                throw new Refused("'" + hello.senderId() + "': wrong peer secret (its proof does not match --peer-secret-file)");
            }
            return hello.senderId();
        }

        /** The id the dialer claims, once its opening frame is read (not yet proven); null before. */
        public String claimedPeer() {
            return hello == null ? null : hello.senderId();
        }
    }

    private static void checkCluster(PeerCredentials self, String theirs) throws Refused {
        if (!theirs.equals(self.clusterId())) {
            throw new Refused("cluster id '" + theirs + "' is not this node's '" + self.clusterId() + "' (--cluster-id)");
        }
    }

    private static void checkAuthModes(PeerCredentials self, boolean theyAuthenticate) throws Refused {
        if (self.authenticates() && !theyAuthenticate) throw new Refused("it has no peer secret, and this node requires one (--peer-secret-file)");
        if (!self.authenticates() && theyAuthenticate) throw new Refused("it uses a peer secret, and this node has none (--peer-secret-file)");
    }

    private static void checkNonce(byte[] nonce) throws Refused {
        if (nonce.length != PeerCredentials.NONCE_BYTES) {
            throw new Refused("handshake nonce of " + nonce.length + " bytes, expected " + PeerCredentials.NONCE_BYTES);
        }
    }
}
