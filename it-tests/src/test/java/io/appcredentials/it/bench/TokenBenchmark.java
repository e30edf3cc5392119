package io.appcredentials.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Database;
import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;

/**
 * Token endpoint load benchmark (issue 8). Starts one Keycloak with the extension on a fresh PostgreSQL (or
 * MariaDB) database and, on that server, measures over real HTTP with concurrent keep-alive connections:
 *
 * <ul>
 *   <li>(a) an application credential: {@code client_credentials} with HTTP Basic {@code ac_…:acs_…};</li>
 *   <li>(b) an ordinary confidential client's native {@code client_credentials} ({@code ci-bot});</li>
 *   <li>(c) the password grant of a user without 2FA ({@code bob}, client {@code admin-cli}).</li>
 * </ul>
 *
 * Runs alternate (a b c a b c …) so that the noise of a shared machine hits all three alike; ratios are taken
 * per round and their median is reported. The whole series runs once per realm size ({@code bench.sizes}, by
 * default 100 and 100 000 stored credentials, bulk-inserted into APP_CREDENTIAL with random ids and hashes;
 * the credential under test is created through the REST API). Besides requests per second and latency, the
 * CPU time the server process spent per request is reported: it is far less sensitive to other load on the
 * machine than throughput. It measures and never asserts timings; it fails only if requests fail.
 *
 * <p>Options (system properties, see bench.sh): bench.seconds, bench.warmupSeconds, bench.rounds,
 * bench.concurrency, bench.sizes, bench.modes, bench.jfr, bench.jfrSettings, bench.output.dir. With bench.jfr the
 * server runs with a JFR recording from its start, and the report gets a profile per path.
 */
@Tag("benchmark")
class TokenBenchmark {

    /** One measured path. */
    enum Mode {
        A("a", "application credential (client_credentials, Basic ac_…/acs_…)"),
        B("b", "confidential client ci-bot (Keycloak's client_credentials)"),
        C("c", "password grant, bob via admin-cli"),
        D("d", "application credential with allowedCidrs (127.0.0.0/8, ::1/128)"),
        G("g", "application credential in a rotation overlap, new secret"),
        H("h", "application credential in a rotation overlap, previous secret (2 HMACs)");

        final String key;
        final String label;

        Mode(String key, String label) {
            this.key = key;
            this.label = label;
        }
    }

    record Run(int size, int round, Mode mode, long ok, long errors, long elapsedNanos, long[] latencies,
               long serverCpuNanos, long clientCpuNanos, double loadAverage, Instant start, Instant end) {
        double perSecond() {
            return ok * 1e9 / elapsedNanos;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] BASE32 = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();

    private final int seconds = Integer.getInteger("bench.seconds", 10);
    /** Warm-up per path before the first series (the JIT needs minutes for Keycloak); a third of it before later ones. */
    private final int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 30);
    private final int rounds = Integer.getInteger("bench.rounds", 5);
    private final int concurrency = Integer.getInteger("bench.concurrency", 8);
    private final List<Integer> sizes = Arrays.stream(System.getProperty("bench.sizes", "100,100000").split(","))
            .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).sorted().toList();
    private final List<Mode> modes = Arrays.stream(System.getProperty("bench.modes", "a,b,c,d").split(","))
            .map(String::trim).map(k -> Mode.valueOf(k.toUpperCase(Locale.ROOT))).toList();
    private final boolean jfr = Boolean.getBoolean("bench.jfr");
    /** JFR settings: "profile" (10 ms Java sampling), "default" or the path of a .jfc file. */
    private final String jfrSettings = System.getProperty("bench.jfrSettings", "profile");
    private final Path outputDir = Path.of(System.getProperty("bench.output.dir", "target/benchmark"));

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    /** Tokens issued from the credential under test, warm-up included (to check the usage counter). */
    private final java.util.concurrent.atomic.AtomicLong credentialTokens = new java.util.concurrent.atomic.AtomicLong();
    private static final int USAGE_FLUSH_SECONDS = 10;

    private KeycloakServer server;
    private String credentialId;
    private String networkCredentialId;
    private String overlapCredentialId;
    /**
     * Per path, the requests the workers send: with fewer requests than workers, worker i sends request i modulo the
     * list's size; with more, worker i cycles through requests i, i + concurrency, i + 2 × concurrency, …
     */
    private final Map<Mode, List<HttpRequest>> requests = new LinkedHashMap<>();

    @Test
    void tokenEndpoint() throws Exception {
        Files.createDirectories(outputDir);
        String vendor = System.getProperty("it.db", "dev-file");
        if (vendor.isBlank() || vendor.equals("dev-file")) {
            throw new IllegalStateException("The benchmark bulk-inserts credentials while the server runs, which H2 "
                    + "(dev-file) does not allow: run it with -Dit.db=postgres (default of bench.sh) or -Dit.db=mariadb");
        }
        String machineBefore = loadAverage();
        Path recording = outputDir.resolve("keycloak.jfr").toAbsolutePath();
        Map<String, String> env = new LinkedHashMap<>();
        if (jfr) {
            // One recording for the whole run, started with the JVM (a recording started later disturbs the JIT
            // state of whichever path runs first); samples are attributed to the runs by time afterwards.
            Files.deleteIfExists(recording);
            String previous = System.getenv("JAVA_OPTS_APPEND");
            env.put("JAVA_OPTS_APPEND", (previous == null || previous.isBlank() ? "" : previous + " ")
                    + "-XX:FlightRecorderOptions=stackdepth=512 -XX:StartFlightRecording=name=bench,settings=" + jfrSettings);
        }
        // Production intervals for the usage flush and the purge (the tests' defaults are a few seconds).
        server = KeycloakServer.startDefault(List.of(
                "--spi-app-credentials--default--usage-flush-interval-seconds=" + USAGE_FLUSH_SECONDS,
                "--spi-app-credentials--default--purge-interval-seconds=3600"), env);
        String javaVersion = javaVersion();
        List<Run> runs = new ArrayList<>();
        long unmeasuredErrors = 0;
        String profile = null;
        String usage = null;
        try {
            prepare();
            try (Connection db = server.database().connect()) {
                for (int size : sizes) {
                    int stored = fillTo(db, size);
                    log("%d application credentials stored in realm demo (%s)", stored, server.database().vendor());
                    int warmup = size == sizes.get(0) ? warmupSeconds : Math.max(1, warmupSeconds / 3);
                    for (Mode mode : modes) {
                        log("warm-up %s for %d s", mode.key, warmup);
                        unmeasuredErrors += measure(size, 0, mode, warmup).errors();
                    }
                    for (int round = 1; round <= rounds; round++) {
                        for (Mode mode : modes) {
                            Run run = measure(size, round, mode, seconds);
                            runs.add(run);
                            log("size %d round %d (%s): %.0f req/s, p50 %.2f ms, p99 %.2f ms, server CPU %.0f µs/req, errors %d",
                                    size, round, mode.key, run.perSecond(), percentile(run.latencies(), 50) / 1e6,
                                    percentile(run.latencies(), 99) / 1e6, cpuPerRequestMicros(run.serverCpuNanos(), run.ok()), run.errors());
                        }
                    }
                }
            }
            if (jfr) {
                profile = profile(recording, runs);
            }
            usage = usageCheck();
        } finally {
            server.stop();
            dropFreshDatabase(server.database());
        }
        String report = report(runs, javaVersion, machineBefore, loadAverage(), profile, usage);
        Files.writeString(outputDir.resolve("results.md"), report);
        Files.writeString(outputDir.resolve("runs.csv"), csv(runs));
        System.out.println();
        System.out.println(report);
        long errors = runs.stream().mapToLong(Run::errors).sum() + unmeasuredErrors;
        assertEquals(0, errors, "requests failed; first failure: " + firstError.get());
    }

    /** The credential under test (through the REST API, so its hash is real) and the three requests. */
    private void prepare() {
        String aliceToken = Demo.aliceToken(server);
        JsonNode created = Demo.create(server, aliceToken, Map.of(
                "name", "benchmark",
                "realmRoles", List.of("reader"),
                "clientRoles", Map.of("my-api", List.of("reader"))));
        credentialId = created.get("id").asText();
        String secret = created.get("secret").asText();
        String endpoint = server.tokenEndpoint(Demo.REALM);
        requests.put(Mode.A, List.of(tokenRequest(endpoint, "grant_type=client_credentials", credentialId, secret)));
        requests.put(Mode.B, List.of(tokenRequest(endpoint, "grant_type=client_credentials", "ci-bot", "ci-bot-secret")));
        JsonNode restricted = Demo.create(server, aliceToken, Map.of(
                "name", "benchmark-networks",
                "realmRoles", List.of("reader"),
                "clientRoles", Map.of("my-api", List.of("reader")),
                "allowedCidrs", List.of("127.0.0.0/8", "::1/128")));
        networkCredentialId = restricted.get("id").asText();
        requests.put(Mode.D, List.of(tokenRequest(endpoint, "grant_type=client_credentials", networkCredentialId,
                restricted.get("secret").asText())));
        // a credential in a rotation overlap (issue 28): regenerated keeping the old secret working for 7 days;
        // g sends the new secret (the common case, 1 HMAC), h the previous one (2 HMACs)
        JsonNode rotating = Demo.create(server, aliceToken, Map.of(
                "name", "benchmark-overlap",
                "realmRoles", List.of("reader"),
                "clientRoles", Map.of("my-api", List.of("reader"))));
        overlapCredentialId = rotating.get("id").asText();
        Http.Resp rotated = Http.postJson(Demo.credentialsUrl(server) + "/" + overlapCredentialId + "/regenerate", aliceToken,
                Map.of("overlapSeconds", 604_800));
        assertEquals(200, rotated.status(), rotated.toString());
        requests.put(Mode.G, List.of(tokenRequest(endpoint, "grant_type=client_credentials", overlapCredentialId,
                rotated.json().get("secret").asText())));
        requests.put(Mode.H, List.of(tokenRequest(endpoint, "grant_type=client_credentials", overlapCredentialId,
                rotating.get("secret").asText())));
        // Keycloak 26's brute-force protection (on in the demo realm) refuses a password login of a user while
        // another one of the same user is still being processed ("user_temporarily_disabled"; it is released
        // asynchronously after the response), so the workers log in as bob and copies of bob (same password and
        // roles, no second factor), each cycling through users of its own.
        List<String> users = passwordUsers(concurrency * 4);
        requests.put(Mode.C, users.stream().map(u -> tokenRequest(endpoint, "grant_type=password&client_id=admin-cli&username=" + u
                + "&password=" + Demo.BOB_PASSWORD, null, null)).toList());
        Map<String, JsonNode> samples = new LinkedHashMap<>();
        for (Mode mode : Mode.values()) {
            for (HttpRequest request : requests.get(mode)) {
                HttpResponse<byte[]> response = send(request);
                check(mode, response);
                if (mode == Mode.A) {
                    credentialTokens.incrementAndGet();
                }
                samples.putIfAbsent(mode.key, sampleToken(response));
            }
        }
        // one token of each path, with the values that change per request blanked, to compare builds
        try {
            Files.writeString(outputDir.resolve("tokens.json"), Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(samples));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode sampleToken(HttpResponse<byte[]> response) {
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode) parse(new String(response.body(), StandardCharsets.UTF_8));
        com.fasterxml.jackson.databind.node.ObjectNode claims = (com.fasterxml.jackson.databind.node.ObjectNode) Http.claims(body.get("access_token").asText());
        for (String volatileClaim : List.of("exp", "iat", "jti", "sid", "auth_time", "nbf")) {
            if (claims.has(volatileClaim)) {
                claims.put(volatileClaim, "…");
            }
        }
        body.remove(List.of("access_token", "refresh_token", "id_token", "session_state"));
        body.set("access_token_claims", claims);
        return body;
    }

    /** bob and {@code count - 1} users like him. */
    private List<String> passwordUsers(int count) {
        List<String> names = new ArrayList<>(List.of(Demo.BOB));
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            String name = "bench-bob-" + i;
            names.add(name);
            users.add(Map.of("username", name, "enabled", true, "email", name + "@example.com", "emailVerified", true,
                    "firstName", "Bench", "lastName", "Bob",
                    "credentials", List.of(Map.of("type", "password", "value", Demo.BOB_PASSWORD, "temporary", false)),
                    "realmRoles", List.of("default-roles-demo", "reader")));
        }
        if (!users.isEmpty()) {
            Http.Resp r = Http.postJson(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/partialImport",
                    Demo.masterAdminToken(server), Map.of("ifResourceExists", "FAIL", "users", users));
            assertEquals(200, r.status(), r.toString());
        }
        return names;
    }

    private static HttpRequest tokenRequest(String endpoint, String form, String user, String password) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (user != null) {
            String pair = URLEncoder.encode(user, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8);
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return b.build();
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts that a response is the token the path should issue. */
    private void check(Mode mode, HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(200, response.statusCode(), mode.key + ": " + body);
        JsonNode claims = Http.claims(parse(body).get("access_token").asText());
        switch (mode) {
            case A -> {
                assertEquals(credentialId, claims.get("app_credential").asText(), body);
                assertEquals("app-credentials", claims.get("azp").asText());
            }
            case D -> assertEquals(networkCredentialId, claims.get("app_credential").asText(), body);
            case G, H -> assertEquals(overlapCredentialId, claims.get("app_credential").asText(), body);
            case B -> assertEquals("ci-bot", claims.get("azp").asText());
            case C -> assertEquals("admin-cli", claims.get("azp").asText()); // lightweight token: no username
        }
    }

    private static JsonNode parse(String body) {
        try {
            return Http.JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(body, e);
        }
    }

    /** Closed-loop load: {@code concurrency} workers, each sending one request after the other for the duration. */
    private Run measure(int size, int round, Mode mode, int durationSeconds) throws Exception {
        List<HttpRequest> modeRequests = requests.get(mode);
        double load = currentLoad();
        long serverCpu0 = server.cpuNanos();
        long clientCpu0 = clientCpuNanos();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(durationSeconds);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> workers = new ArrayList<>();
        long[] errors = new long[concurrency];
        long[] ends = new long[concurrency];
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            List<HttpRequest> mine = new ArrayList<>();
            for (int i = w % modeRequests.size(); i < modeRequests.size(); i += concurrency) {
                mine.add(modeRequests.get(i));
            }
            workers.add(pool.submit(() -> {
                long[] latencies = new long[4096];
                int n = 0;
                boolean checked = worker != 0;
                int next = 0;
                while (System.nanoTime() < deadline) {
                    HttpRequest request = mine.get(next++ % mine.size());
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long t1 = System.nanoTime();
                        if (r.statusCode() != 200) {
                            errors[worker]++;
                            firstError.compareAndSet(null, mode.key + ": HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
                            continue;
                        }
                        if (!checked) {
                            check(mode, r);
                            checked = true;
                        }
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = t1 - t0;
                    } catch (IOException | RuntimeException | AssertionError e) {
                        errors[worker]++;
                        firstError.compareAndSet(null, mode.key + ": " + e);
                    }
                }
                ends[worker] = System.nanoTime();
                return Arrays.copyOf(latencies, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> f : workers) {
            all.add(f.get());
        }
        pool.shutdown();
        long end = Arrays.stream(ends).max().orElse(System.nanoTime());
        Instant endedAt = startedAt.plusNanos(end - start);
        long serverCpu = server.cpuNanos() - serverCpu0;
        long clientCpu = clientCpuNanos() - clientCpu0;
        long[] latencies = all.stream().flatMapToLong(Arrays::stream).toArray();
        if (mode == Mode.A) {
            credentialTokens.addAndGet(latencies.length);
        }
        Arrays.sort(latencies);
        return new Run(size, round, mode, latencies.length, Arrays.stream(errors).sum(), end - start, latencies,
                serverCpu, clientCpu, load, startedAt, endedAt);
    }

    /**
     * The credential's stored use count against the tokens issued from it (after a usage flush). Not asserted:
     * the count is bookkeeping, but a difference means uses get lost.
     */
    private String usageCheck() throws Exception {
        if (!modes.contains(Mode.A)) {
            return null;
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(USAGE_FLUSH_SECONDS + 3));
        try (Connection db = server.database().connect();
             PreparedStatement s = db.prepareStatement("SELECT USE_COUNT FROM APP_CREDENTIAL WHERE ID = ?")) {
            s.setString(1, credentialId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                long stored = r.getLong(1);
                long issued = credentialTokens.get();
                String line = String.format(Locale.ROOT, "Usage count of the credential under test: %,d stored, %,d tokens issued%s", stored, issued,
                        stored == issued ? " (equal)." : String.format(Locale.ROOT, " — **%,d uses lost**.", issued - stored));
                log("%s", line);
                return line;
            }
        }
    }

    /** Adds random rows until the realm holds {@code target} credentials; returns the count. */
    private int fillTo(Connection db, int target) throws SQLException {
        String realmId;
        String clientUuid;
        String hashKeyId;
        List<String> roleIds = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(
                "SELECT REALM_ID, CLIENT_UUID, HASH_KEY_ID FROM APP_CREDENTIAL WHERE ID = ?")) {
            s.setString(1, credentialId);
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next(), "the credential under test is in the database");
                realmId = r.getString(1);
                clientUuid = r.getString(2);
                hashKeyId = r.getString(3);
            }
        }
        try (PreparedStatement s = db.prepareStatement("SELECT ROLE_ID FROM APP_CREDENTIAL_ROLE WHERE CREDENTIAL_ID = ?")) {
            s.setString(1, credentialId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    roleIds.add(r.getString(1));
                }
            }
        }
        int count = count(db, realmId);
        if (count >= target) {
            return count;
        }
        List<String> users = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT ID FROM USER_ENTITY WHERE REALM_ID = ? AND SERVICE_ACCOUNT_CLIENT_LINK IS NULL")) {
            s.setString(1, realmId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    users.add(r.getString(1));
                }
            }
        }
        long t0 = System.nanoTime();
        long now = System.currentTimeMillis();
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try (PreparedStatement s = db.prepareStatement("INSERT INTO APP_CREDENTIAL (ID, REALM_ID, USER_ID, CLIENT_UUID, NAME, "
                + "DESCRIPTION, SCOPES, SECRET_HASH, HASH_KEY_ID, SECRET_VERSION, STATE, CREATED_AT, EXPIRES_AT, "
                + "REVOKED_AT, LAST_USED_AT, LAST_USED_IP, USE_COUNT, MFA, CREATED_BY, CREATED_BY_ADMIN) "
                + "VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?, 1, ?, ?, ?, ?, NULL, NULL, 0, 'otp', ?, FALSE)");
             PreparedStatement roles = db.prepareStatement("INSERT INTO APP_CREDENTIAL_ROLE (CREDENTIAL_ID, ROLE_ID) VALUES (?, ?)")) {
            for (int i = count; i < target; i++) {
                String owner = users.get(i % users.size());
                // mostly active; some disabled and some recently revoked (kept for audit), as in a real realm
                String state = i % 20 == 0 ? "revoked" : i % 20 == 1 ? "disabled" : "active";
                String id = randomId();
                s.setString(1, id);
                s.setString(2, realmId);
                s.setString(3, owner);
                s.setString(4, clientUuid);
                s.setString(5, "bulk-" + i);
                s.setString(6, "benchmark filler");
                s.setString(7, randomHash());
                s.setString(8, hashKeyId);
                s.setString(9, state);
                s.setLong(10, now - 86_400_000L);
                s.setLong(11, now + 180L * 86_400_000L);
                if (state.equals("revoked")) {
                    s.setLong(12, now);
                } else {
                    s.setNull(12, java.sql.Types.BIGINT);
                }
                s.setString(13, owner);
                s.addBatch();
                for (String roleId : roleIds) {
                    roles.setString(1, id);
                    roles.setString(2, roleId);
                    roles.addBatch();
                }
                if ((i - count + 1) % 1000 == 0) {
                    s.executeBatch();
                    roles.executeBatch();
                    db.commit();
                }
            }
            s.executeBatch();
            roles.executeBatch();
            db.commit();
        } finally {
            db.setAutoCommit(autoCommit);
        }
        try (Statement s = db.createStatement()) {
            s.execute(server.database().vendor().equals("postgres") ? "ANALYZE APP_CREDENTIAL" : "ANALYZE TABLE APP_CREDENTIAL");
        }
        log("inserted %d credential rows in %d ms", target - count, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return count(db, realmId);
    }

    private static int count(Connection db, String realmId) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT COUNT(*) FROM APP_CREDENTIAL WHERE REALM_ID = ?")) {
            s.setString(1, realmId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static String randomId() {
        StringBuilder sb = new StringBuilder("ac_");
        for (int i = 0; i < 20; i++) {
            sb.append(BASE32[RANDOM.nextInt(32)]);
        }
        return sb.toString();
    }

    private static String randomHash() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Drops the database the harness created for this run (not one given with -Dit.db.url), unless bench.keepDatabase. */
    private static void dropFreshDatabase(Database database) {
        String given = System.getProperty("it.db.url");
        if ((given != null && !given.isBlank()) || Boolean.getBoolean("bench.keepDatabase")) {
            return;
        }
        String name = database.url().substring(database.url().lastIndexOf('/') + 1);
        if (!name.startsWith("appcred_it_")) {
            return;
        }
        String admin = database.vendor().equals("postgres") ? database.url().replace("/" + name, "/postgres") : database.url().replace("/" + name, "/");
        try (Connection c = java.sql.DriverManager.getConnection(admin, database.username(), database.password());
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE " + name);
        } catch (SQLException e) {
            log("could not drop database %s: %s", name, e.getMessage());
        }
    }

    /** Dumps the server's recording and profiles it per path over the measured runs. */
    private String profile(Path recording, List<Run> runs) throws Exception {
        ProcessHandle jvm = server.jvm().orElseThrow(() -> new IllegalStateException("no server JVM"));
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        exec(jcmd.toString(), Long.toString(jvm.pid()), "JFR.dump", "name=bench", "filename=" + recording);
        log("JFR recording: %s", recording);
        List<JfrProfile.Window> windows = runs.stream()
                .map(r -> new JfrProfile.Window(r.mode().key, r.start(), r.end(), r.ok()))
                .toList();
        return JfrProfile.report(recording, windows, 12)
                + "\nRecording: `" + recording + "` (e.g. `jfr print --events jdk.ExecutionSample`, or `jfr view hot-methods` with JDK 21+).\n";
    }

    private static String exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    // ---- report ----

    private String report(List<Run> runs, String javaVersion, String loadBefore, String loadAfter, String profile, String usage) {
        StringBuilder md = new StringBuilder();
        md.append("# Token endpoint benchmark\n\n");
        md.append("| machine | |\n|---|---|\n");
        md.append("| date | ").append(Instant.now()).append(" |\n");
        md.append("| nproc | ").append(Runtime.getRuntime().availableProcessors()).append(" |\n");
        md.append("| CPU | ").append(cpuModel()).append(" |\n");
        md.append("| java (server) | ").append(javaVersion).append(" |\n");
        md.append("| Keycloak | ").append(System.getProperty("keycloak.version", "?")).append(", start-dev, database ")
                .append(server.database().vendor()).append(" |\n");
        md.append("| load average before / after | ").append(loadBefore).append(" / ").append(loadAfter).append(" |\n");
        md.append("| settings | ").append(concurrency).append(" concurrent connections, ").append(rounds).append(" rounds × ")
                .append(seconds).append(" s per path, ").append(warmupSeconds).append(" s warm-up per path and size, order ")
                .append(modes.stream().map(m -> m.key).collect(Collectors.joining(" "))).append(" per round |\n\n");

        md.append("| credentials in realm | path | req/s (median) | req/s per round | p50 ms | p99 ms | server CPU µs/req | errors |\n");
        md.append("|---:|---|---:|---|---:|---:|---:|---:|\n");
        for (int size : sizes) {
            for (Mode mode : modes) {
                List<Run> rs = runs.stream().filter(r -> r.size() == size && r.mode() == mode).toList();
                if (rs.isEmpty()) {
                    continue;
                }
                long[] lat = rs.stream().flatMapToLong(r -> Arrays.stream(r.latencies())).sorted().toArray();
                md.append(String.format(Locale.ROOT, "| %,d | (%s) %s | %.0f | %s | %.2f | %.2f | %.0f | %d |\n",
                        size, mode.key, mode.label, median(rs.stream().mapToDouble(Run::perSecond).toArray()),
                        rs.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.perSecond())).collect(Collectors.joining(", ")),
                        percentile(lat, 50) / 1e6, percentile(lat, 99) / 1e6,
                        cpuPerRequestMicros(rs.stream().mapToLong(Run::serverCpuNanos).sum(), rs.stream().mapToLong(Run::ok).sum()),
                        rs.stream().mapToLong(Run::errors).sum()));
            }
        }
        md.append("\nRatios are computed per round (same round, adjacent runs) and summarised as median (min–max).\n\n");
        md.append("| credentials in realm | ratio | throughput | server CPU per request (inverse) | target (throughput) |\n");
        md.append("|---:|---|---|---|---|\n");
        for (int size : sizes) {
            ratioRow(md, runs, size, Mode.A, Mode.B, "a/b", "≥ 1.0");
            ratioRow(md, runs, size, Mode.A, Mode.C, "a/c", "≥ 20");
            ratioRow(md, runs, size, Mode.D, Mode.B, "d/b", "≥ 0.95");
        }
        if (sizes.size() >= 2 && modes.contains(Mode.A)) {
            int small = sizes.get(0);
            int large = sizes.get(sizes.size() - 1);
            double aSmall = median(rate(runs, small, Mode.A));
            double aLarge = median(rate(runs, large, Mode.A));
            md.append(String.format(Locale.ROOT, "\n(a) throughput with %,d / with %,d credentials: **%.3f** (target ≥ 0.95)", large, small, aLarge / aSmall));
            if (modes.contains(Mode.B)) {
                double normalised = median(roundRatios(runs, large, Mode.A, Mode.B)) / median(roundRatios(runs, small, Mode.A, Mode.B));
                md.append(String.format(Locale.ROOT, "; normalised by (b) to cancel machine drift between the two series: %.3f", normalised));
            }
            md.append("\n");
        }
        if (usage != null) {
            md.append('\n').append(usage).append('\n');
        }
        if (profile != null) {
            md.append('\n').append(profile);
        }
        return md.toString();
    }

    private void ratioRow(StringBuilder md, List<Run> runs, int size, Mode x, Mode y, String name, String target) {
        if (!modes.contains(x) || !modes.contains(y)) {
            return;
        }
        double[] tp = roundRatios(runs, size, x, y);
        double[] cpu = cpuRatios(runs, size, x, y);
        md.append(String.format(Locale.ROOT, "| %,d | %s | **%.2f** (%.2f–%.2f) | %.2f (%.2f–%.2f) | %s |\n", size, name,
                median(tp), min(tp), max(tp), median(cpu), min(cpu), max(cpu), target));
    }

    private double[] rate(List<Run> runs, int size, Mode mode) {
        return runs.stream().filter(r -> r.size() == size && r.mode() == mode).mapToDouble(Run::perSecond).toArray();
    }

    /** x/y throughput per round. */
    private double[] roundRatios(List<Run> runs, int size, Mode x, Mode y) {
        List<Double> out = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Run rx = find(runs, size, round, x);
            Run ry = find(runs, size, round, y);
            if (rx != null && ry != null && ry.ok() > 0) {
                out.add(rx.perSecond() / ry.perSecond());
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** (server CPU per request of y) / (of x), per round: above 1 means x is cheaper. */
    private double[] cpuRatios(List<Run> runs, int size, Mode x, Mode y) {
        List<Double> out = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Run rx = find(runs, size, round, x);
            Run ry = find(runs, size, round, y);
            if (rx != null && ry != null && rx.ok() > 0 && ry.ok() > 0 && rx.serverCpuNanos() > 0) {
                out.add(((double) ry.serverCpuNanos() / ry.ok()) / ((double) rx.serverCpuNanos() / rx.ok()));
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Run find(List<Run> runs, int size, int round, Mode mode) {
        return runs.stream().filter(r -> r.size() == size && r.round() == round && r.mode() == mode).findFirst().orElse(null);
    }

    private static String csv(List<Run> runs) {
        StringBuilder sb = new StringBuilder("size,round,path,ok,errors,seconds,req_per_s,p50_ms,p99_ms,server_cpu_us_per_req,client_cpu_us_per_req,loadavg1,start_ms,end_ms\n");
        for (Run r : runs) {
            sb.append(String.format(Locale.ROOT, "%d,%d,%s,%d,%d,%.3f,%.1f,%.3f,%.3f,%.1f,%.1f,%.2f,%d,%d\n", r.size(), r.round(), r.mode().key,
                    r.ok(), r.errors(), r.elapsedNanos() / 1e9, r.perSecond(), percentile(r.latencies(), 50) / 1e6,
                    percentile(r.latencies(), 99) / 1e6, cpuPerRequestMicros(r.serverCpuNanos(), r.ok()),
                    cpuPerRequestMicros(r.clientCpuNanos(), r.ok()), r.loadAverage(), r.start().toEpochMilli(), r.end().toEpochMilli()));
        }
        return sb.toString();
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static double cpuPerRequestMicros(long cpuNanos, long requests) {
        return requests == 0 ? Double.NaN : cpuNanos / 1e3 / requests;
    }

    private static long clientCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static double currentLoad() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", currentLoad());
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** {@code java -version} of the JVM the server runs on. */
    private String javaVersion() {
        try {
            String java = server.jvm().flatMap(h -> h.info().command()).orElse("java");
            return exec(java, "-version").lines().map(String::trim).collect(Collectors.joining("; "));
        } catch (Exception e) {
            return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " (test JVM)";
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[benchmark] " + format + "%n", args);
        System.out.flush();
    }
}
