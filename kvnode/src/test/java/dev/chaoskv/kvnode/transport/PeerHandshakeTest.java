package dev.chaoskv.kvnode.transport;

import dev.chaoskv.client.protocol.Frame;
import dev.chaoskv.client.protocol.WireWriter;
import dev.chaoskv.kvnode.transport.PeerSecret.Direction;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handshake's checks, run on frames alone: who is let in, and which forgeries are not. */
class PeerHandshakeTest {
    private static final PeerSecret SECRET = new PeerSecret("correct horse".getBytes(StandardCharsets.UTF_8));
    private static final PeerSecret OTHER_SECRET = new PeerSecret("battery staple".getBytes(StandardCharsets.UTF_8));

    private static PeerCredentials node(String self, PeerSecret secret) {
        return new PeerCredentials("prod", self, Set.of("n1", "n2", "n3"), secret);
    }

    private static byte[] nonce(int fill) {
        byte[] n = new byte[PeerCredentials.NONCE_BYTES];
        java.util.Arrays.fill(n, (byte) fill);
        return n;
    }

    /** n2 dials n1; returns the id n1 accepted. */
    private static String connect(PeerCredentials dialer, PeerCredentials acceptor) throws PeerHandshake.Refused {
        PeerHandshake.Dialer d = new PeerHandshake.Dialer(dialer, acceptor.selfId(), PeerCredentials.newNonce());
        PeerHandshake.Acceptor a = new PeerHandshake.Acceptor(acceptor, PeerCredentials.newNonce());
        Frame ack = a.onHello(d.hello());
        return a.onProof(d.onAck(ack));
    }

    private static String refusal(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(PeerHandshake.Refused.class, e).getMessage();
    }

    @Test
    void membersOfOneClusterConnectWithAndWithoutASecret() throws Exception {
        assertEquals("n2", connect(node("n2", null), node("n1", null)));
        assertEquals("n2", connect(node("n2", SECRET), node("n1", SECRET)));
    }

    @Test
    void theCodecRoundTripsEveryHandshakeFrame() throws Exception {
        PeerCodec.Hello h = PeerCodec.decodeHandshake(PeerCodec.handshake(new PeerCodec.Hello("c", "n2", "n1", true, nonce(1))));
        assertEquals(List.of("c", "n2", "n1", true), List.of(h.clusterId(), h.senderId(), h.receiverId(), h.auth()));
        assertArrayEquals(nonce(1), h.nonce());
        PeerCodec.HelloAck a = PeerCodec.decodeHandshakeAck(PeerCodec.handshakeAck(new PeerCodec.HelloAck("c", "n1", false, nonce(2), new byte[]{7})));
        assertEquals("c", a.clusterId());
        assertEquals("n1", a.senderId());
        assertArrayEquals(nonce(2), a.nonce());
        assertArrayEquals(new byte[]{7}, a.proof());
        assertArrayEquals(new byte[]{9, 9}, PeerCodec.decodeHandshakeProof(PeerCodec.handshakeProof(new byte[]{9, 9})));
        assertEquals(PeerCodec.PROTOCOL_VERSION, PeerCodec.handshake(new PeerCodec.Hello("c", "n2", "n1", false, nonce(1))).payload()[0]);
    }

    @Test
    void anOldFormatHandshakeIsRefusedByName() {
        Frame old = new Frame(PeerCodec.HANDSHAKE, new WireWriter(8).string("n2").toBytes());
        String why = refusal(() -> new PeerHandshake.Acceptor(node("n1", null), nonce(1)).onHello(old));
        assertTrue(why.contains("old-format HANDSHAKE (peer protocol 1"), why);
    }

    @Test
    void anotherClusterIsRefusedOnBothSides() {
        PeerCredentials stranger = new PeerCredentials("staging", "n2", Set.of("n1", "n3"), null);
        String why = refusal(() -> connect(stranger, node("n1", null)));
        assertTrue(why.contains("cluster id 'staging' is not this node's 'prod'"), why);
        // The dialer checks the acceptor too: it will not send to a node of another cluster.
        PeerHandshake.Dialer d = new PeerHandshake.Dialer(node("n2", null), "n1", nonce(1));
        Frame foreignAck = PeerCodec.handshakeAck(new PeerCodec.HelloAck("staging", "n1", false, nonce(2), new byte[0]));
        assertTrue(refusal(() -> d.onAck(foreignAck)).contains("cluster id 'staging'"));
    }

    @Test
    void anUnknownMemberIsRefused() {
        PeerCredentials stranger = new PeerCredentials("prod", "mallory", Set.of("n1"), null);
        String why = refusal(() -> connect(stranger, node("n1", null)));
        assertTrue(why.contains("unknown member 'mallory'"), why);
    }

    @Test
    void aNodeAnsweringUnderAnotherNameIsRefusedByTheDialer() {
        PeerHandshake.Dialer d = new PeerHandshake.Dialer(node("n2", null), "n1", nonce(1));
        Frame ack = PeerCodec.handshakeAck(new PeerCodec.HelloAck("prod", "n3", false, nonce(2), new byte[0]));
        assertTrue(refusal(() -> d.onAck(ack)).contains("answered as 'n3'"));
        PeerHandshake.Acceptor a = new PeerHandshake.Acceptor(node("n1", null), nonce(2));
        Frame misaddressed = PeerCodec.handshake(new PeerCodec.Hello("prod", "n2", "n3", false, nonce(1)));
        assertTrue(refusal(() -> a.onHello(misaddressed)).contains("dialed 'n3', but this is 'n1'"));
    }

    @Test
    void aSecretOnOnlyOneSideIsRefusedEitherWay() {
        assertTrue(refusal(() -> connect(node("n2", null), node("n1", SECRET))).contains("it has no peer secret, and this node requires one"));
        assertTrue(refusal(() -> connect(node("n2", SECRET), node("n1", null))).contains("it uses a peer secret, and this node has none"));
    }

    @Test
    void theWrongSecretIsRefusedByTheDialer() {
        String why = refusal(() -> connect(node("n2", OTHER_SECRET), node("n1", SECRET)));
        assertTrue(why.contains("wrong peer secret"), why);
    }

    @Test
    void aDialerWithTheWrongSecretIsRefusedByTheAcceptor() throws Exception {
        // A forger skips checking the acceptor's proof and answers with a proof of its own secret.
        byte[] dialerNonce = nonce(1);
        PeerHandshake.Acceptor a = new PeerHandshake.Acceptor(node("n1", SECRET), nonce(2));
        PeerCodec.HelloAck ack = PeerCodec.decodeHandshakeAck(a.onHello(
                PeerCodec.handshake(new PeerCodec.Hello("prod", "n2", "n1", true, dialerNonce))));
        byte[] forged = OTHER_SECRET.proof(Direction.DIALER, "prod", "n2", "n1", dialerNonce, ack.nonce());
        String why = refusal(() -> a.onProof(PeerCodec.handshakeProof(forged)));
        assertTrue(why.contains("wrong peer secret"), why);
    }

    @Test
    void aNoSecretProofIsRefusedWhenASecretIsRequired() throws Exception {
        PeerHandshake.Acceptor a = new PeerHandshake.Acceptor(node("n1", SECRET), nonce(2));
        a.onHello(PeerCodec.handshake(new PeerCodec.Hello("prod", "n2", "n1", true, nonce(1))));
        assertTrue(refusal(() -> a.onProof(PeerCodec.handshakeProof(new byte[0]))).contains("wrong peer secret"));
    }

    @Test
    void aRecordedProofCannotBeReplayedOnANewConnection() throws Exception {
        // A genuine session, recorded by an eavesdropper.
        PeerHandshake.Dialer d1 = new PeerHandshake.Dialer(node("n2", SECRET), "n1", nonce(1));
        PeerHandshake.Acceptor a1 = new PeerHandshake.Acceptor(node("n1", SECRET), nonce(2));
        Frame hello1 = d1.hello();
        Frame ack1 = a1.onHello(hello1);
        Frame proof1 = d1.onAck(ack1);
        assertEquals("n2", a1.onProof(proof1));
        // Replaying the dialer's frames to n1: its fresh nonce makes the old proof worthless.
        PeerHandshake.Acceptor a2 = new PeerHandshake.Acceptor(node("n1", SECRET), nonce(3));
        a2.onHello(hello1);
        assertTrue(refusal(() -> a2.onProof(proof1)).contains("wrong peer secret"));
        // Replaying n1's answer to n2 (posing as n1): n2's fresh nonce makes it worthless too.
        PeerHandshake.Dialer d2 = new PeerHandshake.Dialer(node("n2", SECRET), "n1", nonce(4));
        d2.hello();
        assertTrue(refusal(() -> d2.onAck(ack1)).contains("wrong peer secret"));
    }

    @Test
    void theAcceptorsProofCannotBeReflectedAsTheDialers() throws Exception {
        // A stranger posing as n2 gets n1's proof for this connection and sends it straight back.
        PeerHandshake.Acceptor a = new PeerHandshake.Acceptor(node("n1", SECRET), nonce(2));
        PeerCodec.HelloAck ack = PeerCodec.decodeHandshakeAck(a.onHello(
                PeerCodec.handshake(new PeerCodec.Hello("prod", "n2", "n1", true, nonce(1)))));
        assertTrue(refusal(() -> a.onProof(PeerCodec.handshakeProof(ack.proof()))).contains("wrong peer secret"));
        // The same for a stranger who sends n1's own nonce back as its challenge.
        PeerHandshake.Acceptor b = new PeerHandshake.Acceptor(node("n1", SECRET), nonce(2));
        PeerCodec.HelloAck mirrored = PeerCodec.decodeHandshakeAck(b.onHello(
                PeerCodec.handshake(new PeerCodec.Hello("prod", "n2", "n1", true, nonce(2)))));
        assertTrue(refusal(() -> b.onProof(PeerCodec.handshakeProof(mirrored.proof()))).contains("wrong peer secret"));
    }

    @Test
    void noSecretCrossesTheWire() throws Exception {
        PeerHandshake.Dialer d = new PeerHandshake.Dialer(node("n2", SECRET), "n1", nonce(1));
        PeerHandshake.Acceptor a = new PeerHandshake.Acceptor(node("n1", SECRET), nonce(2));
        Frame hello = d.hello();
        Frame ack = a.onHello(hello);
        Frame proof = d.onAck(ack);
        String wire = new String(hello.payload(), StandardCharsets.ISO_8859_1) + new String(ack.payload(), StandardCharsets.ISO_8859_1)
                + new String(proof.payload(), StandardCharsets.ISO_8859_1);
        assertFalse(wire.contains("correct horse"), "the secret must not be sent");
    }

    @Test
    void aShortNonceIsRefused() {
        PeerHandshake.Acceptor a = new PeerHandshake.Acceptor(node("n1", null), nonce(2));
        Frame hello = PeerCodec.handshake(new PeerCodec.Hello("prod", "n2", "n1", false, new byte[0]));
        assertTrue(refusal(() -> a.onHello(hello)).contains("nonce of 0 bytes"));
    }
}
