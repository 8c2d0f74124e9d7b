package dev.chaoskv.common.tls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;

/**
 * The TLS material of one process, as PKCS#12 files: a key store with its own private key and
 * certificate chain (optional for a client that presents none), a trust store with the
 * certificates of the certificate authorities it accepts, and a file holding the password of
 * both. {@link #context()} turns them into the JDK's own {@link SSLContext} (TLS 1.3 only).
 * Every failure names the file and what is wrong with it.
 *
 * @param certStore    this side's key and certificate chain; null: present no certificate
 * @param trustStore   the accepted certificate authorities; never the JDK's default list
 * @param passwordFile the password of both stores (one trailing newline ignored)
 */
public record TlsStores(Path certStore, Path trustStore, Path passwordFile) {
    /** The one protocol version spoken: every member and client runs the same JDK's JSSE. */
    public static final String PROTOCOL = "TLSv1.3";

    public TlsStores {
        if (trustStore == null) throw new IllegalArgumentException("a trust store is required");
        if (passwordFile == null) throw new IllegalArgumentException("a password file is required");
    }

    /** Loads the stores; a {@link TlsSetupException} names the file that could not be used. */
    public SSLContext context() throws TlsSetupException {
        char[] password = password(passwordFile);
        try {
            KeyStore trust = load(trustStore, password, "trust store");
            if (!hasCertificate(trust)) throw new TlsSetupException(trustStore, "the trust store holds no certificate");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (certStore != null) {
                KeyStore keys = load(certStore, password, "key store");
                if (!hasKey(keys)) throw new TlsSetupException(certStore, "the key store holds no private key with a certificate");
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                try {
                    kmf.init(keys, password);
                } catch (UnrecoverableKeyException e) {
                    throw new TlsSetupException(certStore, "its private key does not open with the password in " + passwordFile);
                }
            }
            SSLContext ctx = SSLContext.getInstance(PROTOCOL);
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(passwordFile, "cannot set up TLS: " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    static char[] password(Path file) throws TlsSetupException {
        byte[] raw;
        try {
            raw = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new TlsSetupException(file, reason(e));
        }
        int end = raw.length;
        if (end > 0 && raw[end - 1] == '\n') end--;
        if (end > 0 && raw[end - 1] == '\r') end--;
        if (end == 0) throw new TlsSetupException(file, "the password file is empty");
        java.nio.CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(raw, 0, end));
        char[] password = new char[chars.remaining()];
        chars.get(password);
        Arrays.fill(raw, (byte) 0);
        return password;
    }

    private KeyStore load(Path file, char[] password, String what) throws TlsSetupException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, password);
            return ks;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsSetupException(file, "wrong password for this " + what + " (the password is read from " + passwordFile + ")");
            }
            if (e instanceof NoSuchFileException || e instanceof AccessDeniedException) throw new TlsSetupException(file, reason(e));
            throw new TlsSetupException(file, "not a PKCS#12 " + what + " (" + e.getMessage() + ")");
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException(file, "cannot read this " + what + ": " + e.getMessage());
        }
    }

    private static boolean hasCertificate(KeyStore ks) throws GeneralSecurityException {
        for (String alias : Collections.list(ks.aliases())) if (ks.getCertificate(alias) != null) return true;
        return false;
    }

    private static boolean hasKey(KeyStore ks) throws GeneralSecurityException {
        for (String alias : Collections.list(ks.aliases())) if (ks.isKeyEntry(alias) && ks.getCertificateChain(alias) != null) return true;
        return false;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof AccessDeniedException) return "Permission denied";
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
