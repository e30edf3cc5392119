package io.appcredentials.keycloak.restriction;

import io.appcredentials.keycloak.secret.SecretRedaction;

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
        if (SecretRedaction.containsSecret(path)) {
            // rules are shown in every representation and admin event
            return "path must not contain an application credential secret";
        }
        if (path.equals("/")) {
            return null;
        }
        String[] segments = path.substring(1).split("/", -1);
        String previous = null;
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
            if (segment.equals("**") && "**".equals(previous)) {
                return "path must not repeat ** (/**/** means the same as /**)";
            }
            previous = segment;
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
        return match(p, s);
    }

    /**
     * Glob matching over segments, in time proportional to pattern × path at worst and without recursion: on a
     * mismatch, the last {@code **} seen takes one more segment and matching resumes after it. (Trying every split
     * of the path over several {@code **} instead takes exponential time, which a stored rule could use to pin a
     * CPU.) Going back to the last {@code **} only is enough: anything an earlier one could take, the later one can.
     */
    static boolean match(String[] p, String[] s) {
        int pi = 0;
        int si = 0;
        int starAt = -1;
        int starTook = 0;
        while (si < s.length) {
            if (pi < p.length && p[pi].equals("**")) {
                starAt = pi++;
                starTook = si;
            } else if (pi < p.length && (p[pi].equals("*") || p[pi].equals(s[si]))) {
                pi++;
                si++;
            } else if (starAt >= 0) {
                pi = starAt + 1;
                si = ++starTook;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi].equals("**")) {
            pi++;
        }
        return pi == p.length;
    }
}
