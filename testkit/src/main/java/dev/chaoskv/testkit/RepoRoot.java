package dev.chaoskv.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: the folder above the working directory that holds {@code mvnw} and {@code bin/}. */
public final class RepoRoot {
    private RepoRoot() {
    }

    public static Path path() {
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("bin"))) return p;
        }
        throw new IllegalStateException("cannot find the repository root (mvnw and bin/) above " + start);
    }
}
