package dev.chaoskv.kvnode.server;

import dev.chaoskv.kvnode.transport.PeerSecret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code --peer-secret-file}: read once at start. Like an ssh private key, it must be
 * accessible by its owner only; a file others can read is refused rather than trusted.
 */
final class PeerSecretFile {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PeerSecretFile() {
    }

    static PeerSecret load(Path file) throws IOException {
        byte[] raw;
        try {
            checkPermissions(file);
            raw = Files.readAllBytes(file);
        } catch (StartRefusedException e) {
            throw e;
        } catch (IOException e) {
            throw StartRefusedException.cannot("read", file, e);
        }
        // A trailing newline is the editor's, not the secret's: `echo s >f` and `printf s >f` agree.
        int end = raw.length;
        while (end > 0 && (raw[end - 1] == '\n' || raw[end - 1] == '\r')) end--;
        if (end == 0) throw new StartRefusedException(file, "the peer secret file is empty");
        return new PeerSecret(Arrays.copyOf(raw, end));
    }

    private static void checkPermissions(Path file) throws IOException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        }
        Set<PosixFilePermission> open = EnumSet.copyOf(OTHERS);
        open.retainAll(perms);
        if (!open.isEmpty()) {
            throw new StartRefusedException(file, "the peer secret file is accessible by group or others (" + PosixFilePermissions.toString(perms)
                    + "); like an ssh private key it must be readable by its owner only: chmod 600 " + file);
        }
    }
}
