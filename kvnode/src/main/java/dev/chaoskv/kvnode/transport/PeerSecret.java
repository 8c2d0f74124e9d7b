package dev.chaoskv.kvnode.transport;

import dev.chaoskv.client.protocol.WireWriter;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret the members of a cluster share ({@code --peer-secret-file}). It never leaves the
 * node: a side proves that it holds it by an HMAC-SHA256 over the whole handshake, both nonces
 * included, and the direction, so a proof is good for one connection and one side only.
 */
public final class PeerSecret {
    private static final String MAC = "HmacSHA256";
    private static final String LABEL = "chaoskv peer handshake v" + PeerCodec.PROTOCOL_VERSION;

    /** Which side of the connection a proof is for: a dialer's proof cannot be reflected as an acceptor's. */
    public enum Direction { DIALER, ACCEPTOR }

    private final SecretKeySpec key;

    public PeerSecret(byte[] secret) {
        if (secret.length == 0) throw new IllegalArgumentException("an empty peer secret");
        this.key = new SecretKeySpec(secret, MAC);
    }

    /** The proof that the {@code direction} side of the connection {@code dialer -> acceptor} holds the secret. */
    byte[] proof(Direction direction, String clusterId, String dialerId, String acceptorId, byte[] dialerNonce, byte[] acceptorNonce) {
        // Length-prefixed fields: no two different handshakes share a transcript.
        byte[] transcript = new WireWriter(128).string(LABEL).string(direction.name()).string(clusterId).string(dialerId)
                .string(acceptorId).bytes(dialerNonce).bytes(acceptorNonce).toBytes();
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            return mac.doFinal(transcript);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + MAC, e);
        }
    }

    boolean verify(byte[] proof, Direction direction, String clusterId, String dialerId, String acceptorId,
                   byte[] dialerNonce, byte[] acceptorNonce) {
        // Constant time: a timing difference would tell an attacker how many bytes it got right.
        return MessageDigest.isEqual(proof, proof(direction, clusterId, dialerId, acceptorId, dialerNonce, acceptorNonce));
    }

    @Override
    public String toString() {
        return "PeerSecret[redacted]";
    }
}
