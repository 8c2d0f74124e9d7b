package dev.chaoskv.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium, run as a command (no driver, no new dependency): loads a page from
 * a file, with a probe script added to a copy of it, and reports what the page logged to the
 * console, its uncaught errors, for every {@code svg.chart} how many of its {@code .mark}
 * elements have a non-empty box after layout, and what a drag across the first time chart did
 * (the zoom); or takes a screenshot. Each launch gets a fresh
 * profile folder, deleted afterwards, and no network beyond the file.
 */
final class HeadlessChromium {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CATCH = "<script>window.__errors=[];window.addEventListener('error',function(e){window.__errors.push(String(e.message));});</script>";
    private static final String PROBE = "<script>window.addEventListener('load',function(){var out=[];"
            + "document.querySelectorAll('svg.chart').forEach(function(s,i){var n=0;s.querySelectorAll('.mark').forEach(function(m){"
            + "var b=m.getBBox();if(b.width>0||b.height>0)n++;});out.push({id:s.id||('#'+i),cls:s.getAttribute('class'),drawn:n});});"
            // a drag across the first time chart, from 30 % to 60 % of its width, as a person zooming would
            + "var zoom=null,t=document.querySelector('svg.time');if(t){var r=t.getBoundingClientRect();"
            + "function ev(type,f){t.dispatchEvent(new MouseEvent(type,{bubbles:true,clientX:r.left+r.width*f,clientY:r.top+r.height/2}));}"
            + "ev('mousedown',0.3);ev('mousemove',0.45);ev('mouseup',0.6);var last=document.querySelectorAll('svg.time');last=last[last.length-1];"
            + "zoom={transform:last.querySelector('g.z').getAttribute('transform'),ticks:[].map.call(last.querySelectorAll('g.xt text'),function(x){return x.textContent;}),"
            + "readout:(document.getElementById('readout')||{}).textContent||''};}"
            + "var p=document.createElement('pre');p.id='chart-probe';p.textContent=JSON.stringify({charts:out,errors:window.__errors,zoom:zoom});"
            + "document.body.appendChild(p);});</script>";

    private final Path binary;

    private HeadlessChromium(Path binary) {
        this.binary = binary;
    }

    /** Chromium from $CHROMIUM, else /usr/bin/chromium; empty if there is none. */
    static Optional<HeadlessChromium> find() {
        String env = System.getenv("CHROMIUM");
        for (String c : env != null ? List.of(env) : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) return Optional.of(new HeadlessChromium(p));
        }
        return Optional.empty();
    }

    /** @param console every console line the page produced; @param charts the probe's per-chart figures */
    record Loaded(List<String> console, JsonNode charts, List<String> errors, JsonNode zoom) {
    }

    /** Loads a copy of {@code page} (in the same folder, so relative links resolve) with the probe. */
    Loaded load(Path page) throws IOException, InterruptedException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Path copy = page.resolveSibling("." + page.getFileName() + ".probe.html");
        Files.writeString(copy, html.replaceFirst("<head>", "<head>" + CATCH).replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
        try {
            Result r = launch(List.of("--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom", copy.toUri().toString()));
            List<String> console = r.stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
            int at = r.stdout.indexOf("<pre id=\"chart-probe\">");
            if (at < 0) throw new AssertionError("the probe did not run in " + page + "; stderr:\n" + r.stderr);
            String text = r.stdout.substring(at + "<pre id=\"chart-probe\">".length(), r.stdout.indexOf("</pre>", at));
            JsonNode probe = JSON.readTree(text.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
            List<String> errors = new ArrayList<>();
            probe.path("errors").forEach(e -> errors.add(e.asText()));
            return new Loaded(console, probe.path("charts"), errors, probe.path("zoom"));
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Console lines of a page, as {@link #load} sees them (for checking that the console is observed at all). */
    List<String> consoleOf(Path page) throws IOException, InterruptedException {
        Result r = launch(List.of("--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString()));
        return r.stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
    }

    void screenshot(Path page, Path png, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        launch(List.of("--window-size=1100," + height, "--hide-scrollbars", "--screenshot=" + png.toAbsolutePath(), page.toUri().toString()));
        if (!Files.exists(png) || Files.size(png) == 0) throw new AssertionError("no screenshot of " + page + " at " + png);
    }

    private record Result(String stdout, String stderr) {
    }

    private Result launch(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        Path out = Files.createTempFile("chromium", ".out"), err = Files.createTempFile("chromium", ".err");
        try {
            List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + profile));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("chromium did not finish within 120 s: " + cmd);
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly); // a helper process outliving the browser
            return new Result(Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            try (Stream<Path> s = Files.walk(profile)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
