package dev.chaoskv.chaos.ansible;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the Ansible ITs share: running a command to its end, and reading a play's recap. */
final class PlaybookRuns {
    private static final Pattern RECAP = Pattern.compile("^(\\S+)\\s+: ok=\\d+\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)",
            Pattern.MULTILINE);

    private PlaybookRuns() {
    }

    record Result(int exit, String out, String err) {
    }

    /** Runs a command with more environment variables; fails the test if it outlives the timeout (and kills it). */
    static Result run(List<String> cmd, Duration timeout, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("playbook-run", ".out");
        Path err = Files.createTempFile("playbook-run", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                fail(cmd + " did not finish within " + timeout);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** host → {changed, unreachable, failed} from the PLAY RECAP of ansible-playbook's output. */
    static Map<String, int[]> recap(String output) {
        Map<String, int[]> m = new LinkedHashMap<>();
        Matcher matcher = RECAP.matcher(output.substring(Math.max(0, output.indexOf("PLAY RECAP"))));
        while (matcher.find()) {
            m.put(matcher.group(1), new int[] {Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)),
                    Integer.parseInt(matcher.group(4))});
        }
        return m;
    }
}
