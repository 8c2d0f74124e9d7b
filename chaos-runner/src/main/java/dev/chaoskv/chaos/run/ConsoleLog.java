package dev.chaoskv.chaos.run;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything a run prints, on stdout and stderr, also kept in its folder as console.log: a
 * nightly run's console is gone by the time someone reviews it. Output from before the folder
 * exists is held in memory and written when the file is attached.
 */
final class ConsoleLog implements AutoCloseable {
    private final PrintStream out;
    private final PrintStream err;
    private final Object lock = new Object();
    private OutputStream file;
    private ByteArrayOutputStream early = new ByteArrayOutputStream();
    private boolean broken;

    ConsoleLog(PrintStream out, PrintStream err) {
        this.out = new PrintStream(new Tee(out), true, StandardCharsets.UTF_8);
        this.err = new PrintStream(new Tee(err), true, StandardCharsets.UTF_8);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** From now on the copy goes to {@code path}; a file that cannot be written never stops the run. */
    void attach(Path path) {
        synchronized (lock) {
            try {
                file = Files.newOutputStream(path);
                early.writeTo(file);
                file.flush();
            } catch (IOException e) {
                broken = true;
            }
            early = null;
        }
    }

    @Override
    public void close() {
        out.flush();
        err.flush();
        synchronized (lock) {
            if (file == null) return;
            try {
                file.close();
            } catch (IOException e) {
                // the console itself had everything
            }
            file = null;
            broken = true;
        }
    }

    private void copy(byte[] b, int off, int len) {
        synchronized (lock) {
            if (broken) return;
            try {
                if (file != null) {
                    file.write(b, off, len);
                    file.flush();
                } else if (early != null) {
                    early.write(b, off, len);
                }
            } catch (IOException e) {
                broken = true;
            }
        }
    }

    /** Writes to the terminal first, then the copy. */
    private final class Tee extends OutputStream {
        private final PrintStream target;

        Tee(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            target.write(b, off, len);
            copy(b, off, len);
        }

        @Override
        public void flush() {
            target.flush();
        }
    }
}
