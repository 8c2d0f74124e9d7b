package dev.chaoskv.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Throwaway TLS material made with the JDK's own {@code keytool} when a test runs (keys are never
 * committed): the cluster's certificate authority and its trust store, a node certificate and a
 * client certificate it signed (both naming 127.0.0.1 and localhost), and a stranger whose
 * certificate comes from another authority. Every PKCS#12 file opens with {@link #passwordFile()}.
 */
public final class TestPki implements AutoCloseable {
    private static final String PASSWORD = "test-only-password";
    private static final String SAN = "san=ip:127.0.0.1,dns:localhost";

    private final Path dir;

    private TestPki(Path dir) {
        this.dir = dir;
    }

    /** Creates the material in {@code dir} (which the caller deletes); takes a few seconds of keytool runs. */
    public static TestPki create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir);
        Path pw = pki.passwordFile();
        Files.writeString(pw, PASSWORD + "\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        pki.authority("ca");
        pki.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", pki.file("ca.pem").toString(), "-keystore",
                pki.trustStore().toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        pki.authority("other-ca");
        pki.leaf("node", "ca");
        pki.leaf("client", "ca");
        pki.leaf("stranger", "other-ca");
        return pki;
    }

    /** The material in a fresh temp dir, which {@link #close} deletes. */
    public static TestPki inTempDir() throws IOException, InterruptedException {
        return create(Files.createTempDirectory("chaoskv-test-pki-"));
    }

    /** Deletes the folder and everything in it. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public Path dir() {
        return dir;
    }

    /** The certificate of the cluster's authority, as a PKCS#12 trust store. */
    public Path trustStore() {
        return file("trust.p12");
    }

    /** A node's key and certificate (signed by the cluster's authority; SAN 127.0.0.1, localhost). */
    public Path nodeStore() {
        return file("node.p12");
    }

    /** A client's key and certificate, signed by the cluster's authority. */
    public Path clientStore() {
        return file("client.p12");
    }

    /** A key and certificate signed by another authority: a stranger to the cluster. */
    public Path strangerStore() {
        return file("stranger.p12");
    }

    /** The password of every store (mode 600, with a trailing newline). */
    public Path passwordFile() {
        return file("password");
    }

    private Path file(String name) {
        return dir.resolve(name);
    }

    private void authority(String name) throws IOException, InterruptedException {
        Path store = file(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=chaoskv test " + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD,
                "-file", file(name + ".pem").toString());
    }

    private void leaf(String name, String authority) throws IOException, InterruptedException {
        Path store = file(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=chaoskv test " + name,
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        Path request = file(name + ".csr");
        keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-storepass", PASSWORD, "-file", request.toString());
        Path signed = file(name + ".pem");
        keytool("-gencert", "-rfc", "-alias", authority, "-keystore", file(authority + ".p12").toString(), "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", signed.toString(), "-validity", "2", "-ext", SAN,
                "-ext", "eku=serverAuth,clientAuth");
        Path chain = file(name + "-chain.pem");
        Files.writeString(chain, Files.readString(signed) + Files.readString(file(authority + ".pem")));
        keytool("-importcert", "-noprompt", "-alias", name, "-file", chain.toString(), "-keystore", store.toString(),
                "-storepass", PASSWORD);
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path keytool = Path.of(java).resolveSibling("keytool");
        List<String> cmd = new ArrayList<>();
        cmd.add(Files.isExecutable(keytool) ? keytool.toString() : "keytool");
        cmd.add("-J-XX:+UseSerialGC");
        cmd.add("-J-XX:TieredStopAtLevel=1");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("keytool did not finish: " + cmd);
        }
        if (p.exitValue() != 0) throw new IOException("keytool failed (" + p.exitValue() + "): " + cmd + "\n" + out);
    }
}
