package dev.chaoskv.toxiproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers stay apart: the core and the toxics know nothing of HTTP or JSON, and each
 * package uses only the ones below it (api → core → toxics). Read from the sources, which
 * the build runs next to (the module's folder).
 */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/chaoskv/toxiproxy");
    private static final List<String> HTTP_AND_JSON = List.of("com.fasterxml.", "com.sun.net.httpserver");

    @Test
    void theCoreKnowsNoHttpNoJsonAndNotTheApi() throws IOException {
        assertEquals(List.of(), offences("core", concat(HTTP_AND_JSON, "dev.chaoskv.toxiproxy.api.")));
    }

    @Test
    void theToxicsKnowNoHttpNoJsonAndNeitherTheApiNorTheCore() throws IOException {
        assertEquals(List.of(), offences("toxics",
                concat(HTTP_AND_JSON, "dev.chaoskv.toxiproxy.api.", "dev.chaoskv.toxiproxy.core.")));
    }

    /** Every file of {@code pkg} that names one of {@code forbidden}, with the name. */
    private static List<String> offences(String pkg, List<String> forbidden) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(SOURCES.resolve(pkg))) {
            files = s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.size() >= 5, "expected the sources of package " + pkg + " under " + SOURCES.toAbsolutePath());
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f);
            for (String name : forbidden) {
                if (text.contains(name)) {
                    found.add(pkg + "/" + f.getFileName() + " uses " + name);
                }
            }
        }
        return found;
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(b));
        return all;
    }
}
