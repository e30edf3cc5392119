package io.appcredentials.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Keycloak distribution (unpacked by Maven from keycloak-quarkus-dist, with the freshly built extension
 * jars in providers/) started as a process on free ports, with the demo realm imported. One per test run.
 * With {@code -Dit.server=container} (Maven profile {@code container}) the test run's server is instead the
 * project's container image, see {@link KeycloakContainerServer}.
 */
public class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    /** Heap of the server under test (kc.sh's JAVA_OPTS_KC_HEAP), in both modes. */
    static final String HEAP = "-Xms256m -Xmx1536m";

    /**
     * kc.sh options of every server the tests start (process or container), besides ports, database and
     * cluster settings: kept in this one place for both modes.
     */
    static List<String> testOptions() {
        return List.of(
                "--health-enabled=true",
                "--import-realm",
                "--log-level=INFO",
                // lets an identity provider keep no ID token in the session (UpstreamMfaIT needs one that does not)
                "--features=identity-brokering-api:v2",
                // Keycloak's /metrics on the management port, with the extension's counters
                "--metrics-enabled=true",
                // short intervals so that tests see last-use, retention and the mail job at work
                "--spi-app-credentials--default--usage-flush-interval-seconds=2",
                "--spi-app-credentials--default--purge-interval-seconds=3",
                "--spi-app-credentials--default--reminder-interval-seconds=3",
                // new-credential mails to one owner at most every 30 s (10 minutes by default)
                "--spi-app-credentials--default--notice-interval-seconds=30");
    }

    private final Path home;
    private final Path log;
    private final int httpPort;
    private final int managementPort;
    private final String name;
    private Database database = new Database("dev-file", null, null, null);
    private Process process;
    private String mode;
    private List<String> startArgs;
    private Map<String, String> startEnv;

    KeycloakServer(Path home, String name) {
        this.home = home;
        this.name = name;
        this.httpPort = freePort();
        this.managementPort = freePort();
        this.log = outputDir().resolve(name + ".log");
    }

    public static Path outputDir() {
        Path dir = Path.of(System.getProperty("it.output.dir", "target/it-output"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public static Path distribution() {
        String home = System.getProperty("keycloak.home");
        if (home == null || !Files.isDirectory(Path.of(home, "bin"))) {
            throw new IllegalStateException("keycloak.home is not an unpacked Keycloak distribution: " + home
                    + " (run the tests through Maven: mvn verify)");
        }
        return Path.of(home);
    }

    /** Starts the single server used by the test run, on the database selected by -Dit.db. */
    public static KeycloakServer startDefault() {
        return startDefault(List.of(), Map.of());
    }

    /**
     * Same, with more kc.sh options (an option given here replaces a default option of the same name, e.g. the
     * short usage-flush and purge intervals the tests use) and environment variables for kc.sh (e.g.
     * {@code JAVA_OPTS_APPEND}).
     */
    public static KeycloakServer startDefault(List<String> extraArgs, Map<String, String> env) {
        if (KeycloakContainerServer.selected()) {
            return KeycloakContainerServer.start(extraArgs, env);
        }
        Path home = distribution();
        Database database = Database.fromSystemProperties();
        List<String> args = new ArrayList<>(database.kcArgs());
        args.addAll(extraArgs);
        KeycloakServer server = new KeycloakServer(home, "keycloak");
        server.database = database;
        server.start("start-dev", args, env);
        return server;
    }

    /**
     * Starts a server of its own beside the test run's: its own copy of the distribution (a different set of build
     * options must not re-build the shared one under the running server), {@code start-dev} on H2 with the test
     * options and {@code extraArgs}, the demo realm imported. For tests of the extension under another server
     * configuration; always a {@code kc.sh} process.
     */
    public static KeycloakServer startSeparate(String name, List<String> extraArgs) {
        Path source = distribution();
        Path copy = source.resolveSibling("keycloak-" + name);
        copyTree(source, copy);
        KeycloakServer server = new KeycloakServer(copy, name);
        server.start("start-dev", extraArgs, Map.of());
        return server;
    }

    /**
     * Starts a production-mode node ({@code kc.sh start}, clustered caches) on its own copy of the distribution,
     * for cluster tests; {@code args} select the database and the cluster transport.
     */
    public static KeycloakServer startClusterNode(String name, List<String> args) {
        Path source = distribution();
        Path copy = source.resolveSibling("keycloak-" + name);
        copyTree(source, copy);
        KeycloakServer server = new KeycloakServer(copy, name);
        List<String> all = new ArrayList<>(List.of("--http-enabled=true", "--hostname-strict=false", "--cache=ispn"));
        all.addAll(args);
        server.start("start", all, Map.of());
        return server;
    }

    private void start(String mode, List<String> extraArgs, Map<String, String> env) {
        this.mode = mode;
        this.startArgs = List.copyOf(extraArgs);
        this.startEnv = Map.copyOf(env);
        launch(true);
    }

    /**
     * Stops the server and starts it again on the same ports and database, keeping its data (H2's files in
     * data/ too), as an operator's restart would. Returns when it is ready again.
     */
    public synchronized void restart() {
        stop();
        launch(false);
    }

    private void launch(boolean fresh) {
        List<String> extraArgs = startArgs;
        Map<String, String> env = startEnv;
        try {
            Path data = home.resolve("data");
            if (fresh) {
                // a new server starts a new log (a restart of it appends to its log), so that a check of the log
                // sees only this run's server
                Files.deleteIfExists(log);
                deleteTree(data);
                Path imports = data.resolve("import");
                Files.createDirectories(imports);
                Files.copy(realmConfig().resolve("demo-realm.json"), imports.resolve("demo-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            }

            List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), mode));
            List<String> options = new ArrayList<>(List.of("--http-port=" + httpPort, "--http-management-port=" + managementPort));
            options.addAll(testOptions());
            command.addAll(withOverrides(options, extraArgs));
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            pb.environment().putIfAbsent("JAVA_OPTS_KC_HEAP", HEAP);
            pb.environment().putAll(env);
            Files.writeString(log, "=== starting " + String.join(" ", command) + System.lineSeparator(),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = pb.start();
            if (fresh) {
                Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
            }
            awaitReady(Duration.ofMinutes(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " while starting; log tail:\n" + logTail(60));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(1000);
        }
        stop();
        throw new IllegalStateException("Keycloak not ready after " + timeout + "; log tail:\n" + logTail(60));
    }

    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    /** The address the server sees the tests' requests come from. */
    public String clientAddress() {
        return "127.0.0.1";
    }

    public String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** Keycloak's management interface: /health, /metrics. */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public int httpPort() {
        return httpPort;
    }

    int managementPort() {
        return managementPort;
    }

    public String tokenEndpoint(String realm) {
        return realmUrl(realm) + "/protocol/openid-connect/token";
    }

    /** The database this server runs on. */
    public Database database() {
        return database;
    }

    public Path home() {
        return home;
    }

    public Path log() {
        return log;
    }

    /** The server's JVM, if it is running: a child of kc.sh, or kc.sh itself once it exec'd a re-augmented JVM. */
    public java.util.Optional<ProcessHandle> jvm() {
        if (process == null) {
            return java.util.Optional.empty();
        }
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst();
    }

    /** CPU time used so far by the server's process tree (kc.sh and its JVM), in nanoseconds. */
    public long cpuNanos() {
        if (process == null) {
            return 0;
        }
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .mapToLong(h -> h.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
                .sum();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * A file of the running server's installation, e.g. {@code data/h2/keycloakdb.mv.db}, read where the server
     * runs (its home on this machine; in container mode, inside the container).
     */
    public byte[] readFile(String relativePath) throws IOException {
        return Files.readAllBytes(home.resolve(relativePath));
    }

    /**
     * Writes a file into the running server's installation (e.g. a folder theme under {@code themes/}), where the
     * server runs, creating the folders it needs.
     */
    public void writeFile(String relativePath, String content) throws IOException {
        Path file = home.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Deletes a folder of the running server's installation with everything in it, where the server runs. */
    public void deleteFiles(String relativePath) throws IOException {
        deleteTree(home.resolve(relativePath));
    }

    /** Stops the server (SIGTERM to it and its children, then SIGKILL after 30 s). Safe to call twice. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        process = null;
    }

    /** Kills the server at once, as a crash would (cluster failover tests). */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * {@code options} followed by {@code extra}, where an option of {@code extra} ({@code --name=value}) replaces
     * the one of the same name in {@code options}.
     */
    static List<String> withOverrides(List<String> options, List<String> extra) {
        List<String> all = new ArrayList<>(options);
        for (String arg : extra) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                String option = arg.substring(0, eq + 1);
                all.removeIf(c -> c.startsWith(option));
            }
            all.add(arg);
        }
        return all;
    }

    static Path realmConfig() {
        return Path.of(System.getProperty("realm.config.dir", "../realm-config"));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void copyTree(Path source, Path target) {
        try {
            deleteTree(target);
            try (Stream<Path> paths = Files.walk(source)) {
                for (Path p : paths.toList()) {
                    Path rel = source.relativize(p);
                    if (rel.startsWith("data")) {
                        continue;
                    }
                    Path dest = target.resolve(rel.toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(dest);
                    } else {
                        Files.copy(p, dest, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
