package dev.chaoskv.chaos.results;

import dev.chaoskv.common.cli.BuildInfo;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run ran, for run.json: which build of the toolkit, on which host, as which user, on
 * which JVM. A reviewer comparing two nightly runs needs these before any figure means anything.
 */
public record RunEnvironment(String commit, String version, String host, String user, String jvm) {

    public static RunEnvironment current() {
        BuildInfo build = BuildInfo.current();
        return new RunEnvironment(build.commit(), build.version(), hostName(), System.getProperty("user.name"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (" + System.getProperty("java.vendor") + ")");
    }

    /** The kernel's host name; no DNS lookup, which can hang on a host with a broken resolver. */
    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!name.isEmpty()) return name;
        } catch (IOException | RuntimeException e) {
            // not Linux: ask the JDK
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("commit", commit);
        m.put("version", version);
        m.put("host", host);
        m.put("user", user);
        m.put("jvm", jvm);
        return m;
    }
}
