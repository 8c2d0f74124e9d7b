package dev.chaoskv.kvnode.transport;

import java.security.SecureRandom;
import java.util.Set;

/**
 * What a node checks peers against at the handshake: its cluster, its own id, the members it
 * may talk to and, with {@code --peer-secret-file}, the shared secret (null without one).
 */
public record PeerCredentials(String clusterId, String selfId, Set<String> members, PeerSecret secret) {
    public static final int NONCE_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    public PeerCredentials {
        members = Set.copyOf(members);
    }

    public boolean authenticates() {
        return secret != null;
    }

    /** A fresh random nonce for one handshake. */
    public static byte[] newNonce() {
        byte[] n = new byte[NONCE_BYTES];
        RANDOM.nextBytes(n);
        return n;
    }
}
