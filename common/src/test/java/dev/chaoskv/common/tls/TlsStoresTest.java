package dev.chaoskv.common.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each way a TLS file can be unusable gets one line naming the file. (Working stores are tested where keytool makes them: kvnode's TlsChannelTest and TlsIT.) */
class TlsStoresTest {
    @TempDir
    Path dir;

    private Path password(String text) throws Exception {
        return Files.writeString(dir.resolve("password"), text);
    }

    /** An empty PKCS#12 store, as the JDK writes it. */
    private Path emptyStore(String name, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f)) {
            ks.store(out, password.toCharArray());
        }
        return f;
    }

    private String failure(TlsStores stores) {
        return assertThrows(TlsSetupException.class, stores::context).getMessage();
    }

    @Test
    void aMissingOrEmptyPasswordFileIsNamed() throws Exception {
        Path trust = emptyStore("trust.p12", "pw");
        assertEquals(dir.resolve("none") + ": No such file or directory", failure(new TlsStores(null, trust, dir.resolve("none"))));
        assertEquals(dir.resolve("password") + ": the password file is empty", failure(new TlsStores(null, trust, password("\n"))));
    }

    @Test
    void aStoreThatIsNotPkcs12OrMissingIsNamed() throws Exception {
        Path garbage = Files.writeString(dir.resolve("trust.p12"), "-----BEGIN CERTIFICATE-----\n");
        assertTrue(failure(new TlsStores(null, garbage, password("pw"))).startsWith(garbage + ": not a PKCS#12 trust store ("));
        assertEquals(dir.resolve("gone.p12") + ": No such file or directory", failure(new TlsStores(null, dir.resolve("gone.p12"), password("pw"))));
    }

    @Test
    void aWrongPasswordIsNamedWithTheFileItCameFrom() throws Exception {
        Path trust = emptyStore("trust.p12", "right");
        Path pw = password("wrong\n");
        assertEquals(trust + ": wrong password for this trust store (the password is read from " + pw + ")", failure(new TlsStores(null, trust, pw)));
    }

    @Test
    void aTrustStoreWithoutCertificatesIsRefused() throws Exception {
        Path trust = emptyStore("trust.p12", "pw");
        Path pw = password("pw\r\n");
        assertEquals(trust + ": the trust store holds no certificate", failure(new TlsStores(null, trust, pw)));
    }
}
