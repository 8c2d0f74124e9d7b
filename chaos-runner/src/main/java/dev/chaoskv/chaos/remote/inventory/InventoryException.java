package dev.chaoskv.chaos.remote.inventory;

/** An inventory that cannot be read or used, with a message naming the file, line or host and what is wrong. */
public final class InventoryException extends Exception {
    public InventoryException(String message) {
        super(message);
    }

    public InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
