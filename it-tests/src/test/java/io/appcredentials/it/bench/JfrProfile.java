package io.appcredentials.it.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads the server's JFR recording and attributes its execution samples to the benchmark runs they were taken
 * in (by time), so that one continuous recording (same JIT state for every path) yields a profile per path:
 * samples per request, the methods that run the most (self time), and the inclusive share of the steps of the
 * token path (extension code and the Keycloak work around it).
 */
final class JfrProfile {

    /** A measured run: which path ran from {@code start} to {@code end}, and how many requests it served. */
    record Window(String path, Instant start, Instant end, long requests) {
    }

    /** Steps of the token path, matched against every frame of a sample's stack (inclusive). */
    static final Map<String, Pattern> STEPS = new LinkedHashMap<>();

    static {
        step("extension: credential check in the client authenticator", "io\\.appcredentials\\..*AppCredentialClientAuthenticator\\.authenticateCredential");
        step("  SecretHasher.key (session.keys().getKey, loads the realm's key providers)", "io\\.appcredentials\\..*SecretHasher\\.key");
        step("  SecretHasher.hash (HMAC-SHA256)", "io\\.appcredentials\\..*SecretHasher\\.hash");
        step("  CredentialCache.get", "io\\.appcredentials\\..*CredentialCache\\.get");
        step("  owner lookup (users().getUserById)", "AppCredentialClientAuthenticator\\.authenticateCredential>.*UserCacheSession\\.getUserById");
        step("  ownerProblem (brute-force state)", "io\\.appcredentials\\..*AppCredentialClientAuthenticator\\.ownerProblem");
        step("  MfaBinding.lostSecondFactor (owner's stored credentials)", "io\\.appcredentials\\..*MfaBinding\\.lostSecondFactor");
        step("  RealmPolicy.of (realm attributes)", "io\\.appcredentials\\..*RealmPolicy\\.of");
        step("Keycloak: client authentication (AuthorizeClientUtil.authorizeClient)", "AuthorizeClientUtil\\.authorizeClient");
        step("grant (AppCredentialGrantType / ClientCredentialsGrantType / password grant)", "(AppCredentialGrantType|ClientCredentialsGrantType|ResourceOwnerPasswordCredentialsGrantType)\\.process$");
        step("  extension: expandedRoleIds", "io\\.appcredentials\\..*AppCredentialGrantType\\.expandedRoleIds");
        step("  extension: RestrictedClientSessionContext.getRolesStream (incl. Keycloak's role loading)", "RestrictedClientSessionContext\\.getRolesStream");
        step("  Keycloak: createAuthenticationSession", "AuthenticationSessionManager\\.createAuthenticationSession");
        step("  Keycloak: createUserSession", "UserSessionManager\\.createUserSession");
        step("  Keycloak: setClientScopesInSession", "AuthenticationManager\\.setClientScopesInSession");
        step("  Keycloak: TokenManager.attachAuthenticationSession", "TokenManager\\.attachAuthenticationSession");
        step("  Keycloak: access token and protocol mappers (createTokenResponseBuilder)", "OAuth2GrantTypeBase\\.createTokenResponseBuilder|TokenManager\\.responseBuilder");
        step("  Keycloak: token response, signature (AccessTokenResponseBuilder.build)", "AccessTokenResponseBuilder\\.build");
        step("    RSA (BigInteger)", "java\\.math\\.BigInteger\\.modPow");
        step("  Keycloak: event (EventBuilder.success)", "EventBuilder\\.success");
        step("  password hashing", "(?i)(argon2|pbkdf2)");
        step("Keycloak: session close, transaction commit (CloseSessionFilter)", "CloseSessionFilter\\.filter");
        step("  event store insert (JpaEventStoreProvider)", "JpaEventStoreProvider\\.");
        step("JDBC driver (any)", "^org\\.postgresql\\.|^org\\.mariadb\\.");
        step("Infinispan (any)", "^org\\.infinispan\\.");
        step("Hibernate (any)", "^org\\.hibernate\\.");
    }

    private static void step(String name, String regex) {
        STEPS.put(name, Pattern.compile(regex));
    }

    private JfrProfile() {
    }

    private static final class PathProfile {
        long requests;
        long samples;
        long workerSamples;
        final Map<String, Long> self = new HashMap<>();
        final Map<String, Long> steps = new HashMap<>();
        final Map<String, Long> extension = new HashMap<>();
    }

    /** Markdown report of the samples taken inside the windows, per path, in the order the paths first appear. */
    static String report(Path recording, List<Window> windows, int top) throws IOException {
        Map<String, PathProfile> profiles = new LinkedHashMap<>();
        for (Window w : windows) {
            profiles.computeIfAbsent(w.path(), k -> new PathProfile()).requests += w.requests();
        }
        List<Window> sorted = new ArrayList<>(windows);
        sorted.sort(Comparator.comparing(Window::start));
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                Window window = find(sorted, event.getStartTime());
                if (window == null) {
                    continue;
                }
                PathProfile p = profiles.get(window.path());
                p.samples++;
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (frames.isEmpty()) {
                    continue;
                }
                List<String> names = new ArrayList<>(frames.size());
                for (RecordedFrame f : frames) {
                    names.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
                }
                // request work runs on Quarkus worker threads ("executor-thread-N")
                String thread = event.getThread("sampledThread") == null ? "" : String.valueOf(event.getThread("sampledThread").getJavaName());
                if (!thread.startsWith("executor-thread")) {
                    continue;
                }
                p.workerSamples++;
                p.self.merge(names.get(0), 1L, Long::sum);
                // caller>callee pairs let a step say "X called from Y"
                String joined = String.join("\n", names);
                for (Map.Entry<String, Pattern> s : STEPS.entrySet()) {
                    if (matches(s.getValue(), names, joined)) {
                        p.steps.merge(s.getKey(), 1L, Long::sum);
                    }
                }
                Set<String> seen = new HashSet<>();
                for (String n : names) {
                    if (n.startsWith("io.appcredentials.") && seen.add(n)) {
                        p.extension.merge(n, 1L, Long::sum);
                    }
                }
            }
        }

        StringBuilder md = new StringBuilder();
        md.append("## Profile (JFR execution samples taken during the measured runs)\n\n");
        md.append("Samples of the request worker threads, attributed to the path that was running. Per 1000 requests, so the columns "
                + "compare cost directly (same JVM, same JIT state); steps are inclusive (a step counts every sample with it on the stack).\n\n");
        md.append("| | ");
        md.append(String.join(" | ", profiles.keySet().stream().map(k -> "(" + k + ")").toList())).append(" |\n|---|");
        profiles.keySet().forEach(k -> md.append("---:|"));
        md.append("\n| requests |");
        profiles.values().forEach(p -> md.append(' ').append(p.requests).append(" |"));
        md.append("\n| **worker samples per 1000 requests** |");
        profiles.values().forEach(p -> md.append(String.format(Locale.ROOT, " **%.0f** |", perThousand(p.workerSamples, p.requests))));
        md.append('\n');
        for (String step : STEPS.keySet()) {
            if (profiles.values().stream().allMatch(p -> p.steps.getOrDefault(step, 0L) == 0)) {
                continue;
            }
            md.append("| ").append(step).append(" |");
            for (PathProfile p : profiles.values()) {
                md.append(String.format(Locale.ROOT, " %.0f |", perThousand(p.steps.getOrDefault(step, 0L), p.requests)));
            }
            md.append('\n');
        }
        profiles.forEach((path, p) -> {
            md.append("\n**(").append(path).append(") extension methods, inclusive, % of worker samples:** ");
            md.append(String.join(", ", topN(p.extension, top).stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", shortName(e.getKey()), share(e.getValue(), p.workerSamples))).toList()));
            md.append("\n\n**(").append(path).append(") hottest methods, self, % of worker samples:** ");
            md.append(String.join(", ", topN(p.self, top).stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.1f", shortName(e.getKey()), share(e.getValue(), p.workerSamples))).toList()));
            md.append('\n');
        });
        return md.toString();
    }

    private static boolean matches(Pattern pattern, List<String> names, String joined) {
        String regex = pattern.pattern();
        int arrow = regex.indexOf('>');
        if (arrow > 0) {
            // "Caller>...Callee": a frame of the callee below a frame of the caller
            Pattern caller = Pattern.compile(regex.substring(0, arrow));
            Pattern callee = Pattern.compile(regex.substring(arrow + 1).replaceFirst("^\\.\\*", ""));
            int calleeAt = -1;
            for (int i = 0; i < names.size(); i++) {
                if (calleeAt < 0 && callee.matcher(names.get(i)).find()) {
                    calleeAt = i;
                }
                if (calleeAt >= 0 && caller.matcher(names.get(i)).find()) {
                    return true;
                }
            }
            return false;
        }
        for (String n : names) {
            if (pattern.matcher(n).find()) {
                return true;
            }
        }
        return false;
    }

    private static Window find(List<Window> sorted, Instant t) {
        for (Window w : sorted) {
            if (!t.isBefore(w.start()) && t.isBefore(w.end())) {
                return w;
            }
        }
        return null;
    }

    private static double perThousand(long n, long requests) {
        return requests == 0 ? Double.NaN : 1000.0 * n / requests;
    }

    private static double share(long n, long total) {
        return total == 0 ? 0 : 100.0 * n / total;
    }

    private static List<Map.Entry<String, Long>> topN(Map<String, Long> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n).toList();
    }

    private static String shortName(String method) {
        String[] parts = method.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : method;
    }
}
