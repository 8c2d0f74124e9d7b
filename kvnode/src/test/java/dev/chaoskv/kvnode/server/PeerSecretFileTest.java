package dev.chaoskv.kvnode.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerSecretFileTest {
    @TempDir
    Path dir;

    private Path secret(String content, String mode) throws Exception {
        Path f = dir.resolve("secret");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    private String refusal(Path f) {
        StartRefusedException e = assertThrows(StartRefusedException.class, () -> PeerSecretFile.load(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void anOwnerOnlyFileIsRead() throws Exception {
        assertNotNull(PeerSecretFile.load(secret("s3cret\n", "rw-------")));
        assertNotNull(PeerSecretFile.load(secret("s3cret", "r--------")));
    }

    @Test
    void aFileOthersCanReadIsRefusedLikeAnSshKey() throws Exception {
        String why = refusal(secret("s3cret", "rw-r--r--"));
        assertTrue(why.contains("ssh private key") && why.contains("chmod 600"), why);
        refusal(secret("s3cret", "rw-r-----"));
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        assertTrue(refusal(secret("\n", "rw-------")).contains("empty"));
    }

    @Test
    void aMissingFileIsRefused() {
        assertTrue(refusal(dir.resolve("nope")).contains("cannot read"));
    }
}
