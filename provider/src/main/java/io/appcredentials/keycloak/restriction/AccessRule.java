package io.appcredentials.keycloak.restriction;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One access rule of a credential: an HTTP method (or {@code *}) and an absolute path pattern, in which {@code *}
 * stands for one path segment and {@code **} for any number of segments (none included); both only as whole
 * segments. A request is allowed when its method and its path (decoded once, in plain form) match a rule.
 */
public record AccessRule(String method, String path) {

    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "*");
    public static final int MAX_RULES = 50;
    public static final int MAX_PATH = 512;

    /** What is wrong with this rule, or null. */
    public static String problem(String method, String path) {
        if (method == null || !METHODS.contains(method)) {
            return "method must be one of GET, HEAD, POST, PUT, PATCH, DELETE or *";
        }
        if (path == null || !path.startsWith("/")) {
            return "path must be absolute (start with /)";
        }
        if (path.length() > MAX_PATH) {
            return "path must be at most " + MAX_PATH + " characters";
        }
        if (path.chars().anyMatch(c -> c <= ' ' || c == 0x7f || c == '?' || c == '#' || c == '\\' || c == ';')) {
            return "path must not contain spaces, control characters, ?, #, ; or \\";
        }
        if (path.equals("/")) {
            return null;
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return "path must not contain empty segments (//) or end with /";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "path must not contain . or .. segments";
            }
            if (!segment.equals("*") && !segment.equals("**") && segment.contains("*")) {
                return "* and ** may only stand for whole path segments";
            }
        }
        return null;
    }

    /** A valid rule in its stored form (method upper case). */
    public static AccessRule of(String method, String path) {
        return new AccessRule(method.toUpperCase(Locale.ROOT), path);
    }

    /** Whether a request with this method and this decoded, normalized absolute path is allowed by the rule. */
    public boolean allows(String requestMethod, String requestPath) {
        return methodMatches(requestMethod) && pathMatches(path, requestPath);
    }

    private boolean methodMatches(String requestMethod) {
        return "*".equals(method) || method.equals(requestMethod) || ("HEAD".equals(requestMethod) && "GET".equals(method));
    }

    /** Whether any of the rules allows the request. */
    public static boolean anyAllows(List<AccessRule> rules, String requestMethod, String requestPath) {
        for (AccessRule rule : rules) {
            if (rule.allows(requestMethod, requestPath)) {
                return true;
            }
        }
        return false;
    }

    static boolean pathMatches(String pattern, String path) {
        if (path == null || !path.startsWith("/")) {
            return false;
        }
        String[] p = pattern.equals("/") ? new String[0] : pattern.substring(1).split("/", -1);
        String[] s = path.equals("/") ? new String[0] : path.substring(1).split("/", -1);
        return match(p, 0, s, 0);
    }

    private static boolean match(String[] p, int pi, String[] s, int si) {
        while (pi < p.length) {
            if (p[pi].equals("**")) {
                // ** takes zero or more segments
                for (int k = si; k <= s.length; k++) {
                    if (match(p, pi + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length || !(p[pi].equals("*") || p[pi].equals(s[si]))) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length;
    }
}
