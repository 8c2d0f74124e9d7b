package dev.chaoskv.client.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts kvnode as a process of its own: {@code java <jvm options> -cp <kvnode class path>
 * dev.chaoskv.kvnode.cli.KvnodeMain <flags>}, its output appended to a log file. The one way the
 * runner, the benchmarks and the integration tests start a node, so they never link the server's
 * classes: the class path only has to hold them at run time (a launcher jar that shades kvnode,
 * or a test class path).
 */
public final class KvnodeLauncher {
    /** The server's entry point, by name: callers need kvnode on the class path, not at compile time. */
    public static final String MAIN_CLASS = "dev.chaoskv.kvnode.cli.KvnodeMain";
    /** Overrides where kvnode's classes are found (a class path, e.g. {@code kvnode/target/kvnode.jar}). */
    public static final String CLASS_PATH_PROPERTY = "chaoskv.kvnode.classpath";

    private final String java;
    private final String classPath;
    private final List<String> jvmOptions;

    private KvnodeLauncher(String java, String classPath, List<String> jvmOptions) {
        this.java = java;
        this.classPath = classPath;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Nodes run by the same Java as this process, from {@value #CLASS_PATH_PROPERTY} if set, else
     * from this process's own class path (which holds kvnode whenever the caller can run it).
     */
    public static KvnodeLauncher withJvmOptions(List<String> jvmOptions) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty(CLASS_PATH_PROPERTY, System.getProperty("java.class.path"));
        return new KvnodeLauncher(java, cp, jvmOptions);
    }


    /** The command line that runs a node with these kvnode flags. */
    public List<String> command(List<String> kvnodeArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(MAIN_CLASS);
        cmd.addAll(kvnodeArgs);
        return cmd;
    }

    /** Starts a node; stdout and stderr are appended to {@code logFile} (its folder is created). */
    public Process start(List<String> kvnodeArgs, Path logFile) throws IOException {
        Path parent = logFile.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        File log = logFile.toFile();
        ProcessBuilder pb = new ProcessBuilder(command(kvnodeArgs)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        return pb.start();
    }
}
