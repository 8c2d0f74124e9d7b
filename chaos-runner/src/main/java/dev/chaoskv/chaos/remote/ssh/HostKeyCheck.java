package dev.chaoskv.chaos.remote.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Host-key verification against known_hosts that remembers the key a host offered and the
 * answer it got, so that a refusal can name the key's type and fingerprint. With
 * {@code acceptNew}, a host known_hosts does not name is accepted for this process only (nothing
 * is written); a changed key is always refused.
 */
final class HostKeyCheck implements HostKeyRepository {
    private final HostKeyRepository knownHosts;
    private final boolean acceptNew;
    private volatile int lastResult = OK;
    private volatile byte[] lastKey;
    private volatile boolean acceptedNew;

    HostKeyCheck(HostKeyRepository knownHosts, boolean acceptNew) {
        this.knownHosts = knownHosts;
        this.acceptNew = acceptNew;
    }

    @Override
    public int check(String host, byte[] key) {
        lastKey = key.clone();
        int r = knownHosts.check(host, key);
        lastResult = r;
        if (r == NOT_INCLUDED && acceptNew) {
            acceptedNew = true;
            return OK;
        }
        return r;
    }

    int lastResult() {
        return lastResult;
    }

    boolean acceptedNew() {
        return acceptedNew;
    }

    /** "ED25519 key SHA256:..." of the key the host last offered, or "no key" before any. */
    String offered() {
        byte[] k = lastKey;
        return k == null ? "no key" : describe(k);
    }

    /** As OpenSSH prints it: the key type and "SHA256:" + unpadded base64 of the SHA-256 of the key blob. */
    static String describe(byte[] blob) {
        return typeOf(blob) + " key " + fingerprint(blob);
    }

    static String fingerprint(byte[] blob) {
        try {
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(blob));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The algorithm name at the start of an SSH public key blob, in OpenSSH's words (ED25519, RSA, ECDSA). */
    static String typeOf(byte[] blob) {
        try {
            ByteBuffer b = ByteBuffer.wrap(blob);
            int n = b.getInt();
            String name = new String(blob, 4, n, StandardCharsets.US_ASCII);
            return switch (name) {
                case "ssh-ed25519" -> "ED25519";
                case "ssh-rsa" -> "RSA";
                case "ssh-dss" -> "DSA";
                default -> name.startsWith("ecdsa-") ? "ECDSA" : name;
            };
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Never written: known_hosts is the operator's, and accept-new keys live for this run only.
    }

    @Override
    public void remove(String host, String type) {
        // the runner never edits known_hosts
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // the runner never edits known_hosts
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return knownHosts.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
        return knownHosts.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return knownHosts.getHostKey(host, type);
    }
}
