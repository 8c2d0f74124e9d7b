package dev.chaoskv.kvnode.server;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The data directory cannot be used as it is, so the node does not start. The message is one
 * line that names the file and says what is wrong with it.
 */
public final class StartRefusedException extends IOException {

    public StartRefusedException(Path file, String reason) {
        super(file + ": " + reason);
    }

    private StartRefusedException(String message) {
        super(message);
    }

    /** A snapshot file that does not read back intact; {@code e}'s message starts with the file. */
    static StartRefusedException damagedSnapshot(IOException e) {
        return new StartRefusedException("damaged snapshot " + e.getMessage());
    }

    /** "cannot {@code action} {@code file}: reason" for a failed file operation, in the words of the OS. */
    static StartRefusedException cannot(String action, Path file, IOException e) {
        Path named = e instanceof FileSystemException fse && fse.getFile() != null ? Path.of(fse.getFile()) : file;
        return new StartRefusedException("cannot " + action + " " + named + ": " + reason(e, named));
    }

    private static String reason(IOException e, Path file) {
        if (e instanceof AccessDeniedException) return "Permission denied";
        if (e instanceof NoSuchFileException) return "No such file or directory";
        if (e instanceof NotDirectoryException) return "Not a directory";
        if (e instanceof FileAlreadyExistsException) return Files.isDirectory(file) ? "File exists" : "exists and is not a directory";
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
