package dev.chaoskv.chaos.remote.doctor;

/**
 * One check on one host, as {@code chaos doctor} prints it: a status, what was found, and when it
 * failed, the fix in words.
 */
public record Check(String host, String name, Status status, String detail, String fix) {
    public enum Status { OK, WARN, FAIL, SKIP }

    public static Check ok(String host, String name, String detail) {
        return new Check(host, name, Status.OK, detail, "");
    }

    public static Check warn(String host, String name, String detail) {
        return new Check(host, name, Status.WARN, detail, "");
    }

    public static Check fail(String host, String name, String detail, String fix) {
        return new Check(host, name, Status.FAIL, detail, fix);
    }

    public static Check skip(String host, String name, String why) {
        return new Check(host, name, Status.SKIP, why, "");
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    /** "FAIL  n2  host key known        <detail>; fix: <fix>". */
    public String line() {
        return String.format("%-4s  %-8s %-22s %s%s", status.name().toLowerCase(java.util.Locale.ROOT), host, name, detail,
                fix.isEmpty() ? "" : "; fix: " + fix);
    }
}
