package dev.chaoskv.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures System.out and System.err around each test, for CLIs that are run in-process:
 * {@code @RegisterExtension final StdioCapture stdio = new StdioCapture();}.
 */
public final class StdioCapture implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        out.reset();
        err.reset();
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    /** Forgets what was captured so far, to look at what comes next. */
    public void reset() {
        out.reset();
        err.reset();
    }

    /** What the test printed to System.out so far. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What the test printed to System.err so far. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
