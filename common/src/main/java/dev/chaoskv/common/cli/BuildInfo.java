package dev.chaoskv.common.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit the running jar was built from. The build writes them into a
 * resource (common/pom.xml), so a jar copied to another host by Ansible still knows its commit;
 * built outside a git clone, the commit is "unknown commit".
 */
public record BuildInfo(String version, String commit) {
    static final String RESOURCE = "chaoskv-build.properties";
    static final String UNKNOWN_COMMIT = "unknown commit";

    /** What this jar was built from. */
    public static BuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // an unreadable resource tells as much as a missing one
        }
        return of(p.getProperty("version", ""), p.getProperty("commit", ""));
    }

    /** Blank or unresolved values (a build without git) become "unknown". */
    static BuildInfo of(String version, String commit) {
        return new BuildInfo(known(version) ? version : "unknown version", known(commit) ? commit : UNKNOWN_COMMIT);
    }

    private static boolean known(String v) {
        return !v.isBlank() && !v.contains("${");
    }

    /** "kv 0.1.0 (commit 6fed7fa)": what {@code --version} prints. */
    public String line(String tool) {
        return tool + " " + version + " (" + (commit.equals(UNKNOWN_COMMIT) ? commit : "commit " + commit) + ")";
    }
}
