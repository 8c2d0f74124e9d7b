package dev.chaoskv.toxiproxy.core;

import dev.chaoskv.toxiproxy.core.ToxiproxyException.InvalidSpec;

/**
 * The rule for proxy and toxic names: each is later a segment of a URL path
 * ({@code /proxies/{proxy}/toxics/{toxic}}), and toxiproxy-java puts it there unencoded. A name
 * that is not a plain path segment could be created but never addressed again: '/' splits it,
 * '?' and '#' end the path, '%' starts an escape, and whitespace, control characters, '<', '>',
 * '"' and the like are not legal in a URL (the JDK's HTTP server answers 400). So a name may only
 * hold what RFC 3986 allows in a path segment without escaping: letters, digits and
 * {@code -._~!$&'()*+,;=:@}, and may not be "." or "..", which clients and servers resolve as
 * path steps.
 */
final class PathSegmentName {
    private static final String ALLOWED_PUNCTUATION = "-._~!$&'()*+,;=:@";

    private PathSegmentName() {
    }

    /** Refuses {@code name} unless it can be addressed; {@code kind} is "proxy" or "toxic". */
    static void require(String kind, String name, String suffix) throws InvalidSpec {
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidSpec(kind + " name \"" + name + "\" cannot be used in a URL path: it is a path step" + suffix);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!allowed(c)) {
                throw new InvalidSpec(kind + " name \"" + name + "\" cannot be used in a URL path: " + describe(c)
                        + " is not allowed (only letters, digits and " + ALLOWED_PUNCTUATION + ")" + suffix);
            }
        }
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || ALLOWED_PUNCTUATION.indexOf(c) >= 0;
    }

    private static String describe(char c) {
        return c > ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
