package dev.chaoskv.common.tls;

import java.io.IOException;
import java.nio.file.Path;

/** A TLS file that cannot be used; the message is one line: the file, then what is wrong. */
public final class TlsSetupException extends IOException {
    private final Path file;

    public TlsSetupException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
