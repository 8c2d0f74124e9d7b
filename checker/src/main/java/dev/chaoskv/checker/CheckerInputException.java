package dev.chaoskv.checker;

/**
 * The checker's input is unusable (missing file, malformed line, contradictory history).
 * Maps to exit code 3: the verdict could not even be attempted.
 */
public class CheckerInputException extends Exception {
    public CheckerInputException(String message) {
        super(message);
    }

    public CheckerInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
