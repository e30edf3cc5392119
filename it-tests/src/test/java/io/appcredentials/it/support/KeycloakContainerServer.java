package io.appcredentials.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.testcontainers.containers.Container;
import org.testcontainers.containers.output.FrameConsumerResultCallback;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

import com.github.dockerjava.api.DockerClient;

import dasniko.testcontainers.keycloak.KeycloakContainer;

/**
 * Container mode of the harness ({@code -Dit.server=container}, Maven profile {@code container}): the test run's
 * server is the project's image, built from its {@code Dockerfile} (property {@code it.container.image}), started by
 * Testcontainers Keycloak as that image starts in production: {@code start --optimized} on the H2 database it was
 * built for ({@code KC_DB=dev-file}), with the demo realm imported and the harness's options
 * ({@link KeycloakServer#testOptions()}).
 *
 * <p>The container runs in the host's network namespace ({@code docker run --network host}), with Keycloak listening
 * on 127.0.0.1 only, on free ports of this machine as the process does: so the tests and the server see the same
 * loopback as in process mode. The server sees each request's real source address (127.0.0.1, or 127.0.0.2 where a
 * test binds it), reaches the SMTP server that a test runs in its JVM on 127.0.0.1, and is reachable by one of its
 * realms brokering another under the same URL the tests use; and no traffic leaves this machine. Its embedded
 * Infinispan (the image's default {@code ispn} cache) binds JGroups to 127.0.0.1 and a free port as well, as
 * {@code ClusterIT}'s nodes do.
 *
 * <p>Tests see the same {@link KeycloakServer}: {@link #baseUrl()} and {@link #managementUrl()} are those ports on
 * localhost; {@link #logText()} is the container's output, {@link #readFile(String)}, {@link #writeFile} and
 * {@link #deleteFiles(String)} work inside the container, {@link #restart()} stops and starts the same container
 * (its H2 files kept), and {@link #home()} is still the distribution Maven unpacked here, whose {@code bin/kcadm.sh}
 * the kcadm tests run against {@link #baseUrl()}.
 */
final class KeycloakContainerServer extends KeycloakServer {

    static final String HOME_IN_CONTAINER = "/opt/keycloak";
    /** Label of every container the harness starts, to find leftovers of a killed test JVM. */
    static final String LABEL = "io.appcredentials.it";

    private final String image;
    private KeycloakContainer container;
    private Writer logWriter;
    private boolean stopped;

    private KeycloakContainerServer(String image) {
        super(distribution(), "keycloak-container");
        this.image = image;
    }

    static boolean selected() {
        String mode = System.getProperty("it.server", "process");
        if (!mode.equals("process") && !mode.equals("container") && !mode.isBlank()) {
            throw new IllegalArgumentException("it.server must be process or container, not " + mode);
        }
        return mode.equals("container");
    }

    static KeycloakServer start(List<String> extraArgs, Map<String, String> env) {
        String image = System.getProperty("it.container.image", "app-credentials-keycloak:test");
        if (!Database.fromSystemProperties().isH2()) {
            throw new IllegalArgumentException("Container mode runs on the H2 database built into the image (it.db=dev-file)");
        }
        KeycloakContainerServer server = new KeycloakContainerServer(image);
        List<String> options = new ArrayList<>(KeycloakServer.withOverrides(KeycloakServer.testOptions(), List.of(
                // production mode over plain HTTP on loopback, the hostname taken from each request (localhost:<port>)
                "--http-enabled=true",
                "--hostname-strict=false",
                "--http-host=127.0.0.1",
                "--http-port=" + server.httpPort(),
                "--http-management-port=" + server.managementPort(),
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + freePort())));
        options = new ArrayList<>(KeycloakServer.withOverrides(options, extraArgs));
        options.remove("--import-realm"); // KeycloakContainer passes it itself

        KeycloakContainer container = new KeycloakContainer(image) {
            @Override
            protected void configure() {
                super.configure();
                // after KeycloakContainer's own settings, which include a heap by RAM percentage
                withEnv("JAVA_OPTS_KC_HEAP", HEAP);
                env.forEach(this::withEnv);
                // the host's network: nothing to publish (KeycloakContainer exposes 8080, 8443 and 9000)
                setExposedPorts(List.of());
            }
        };
        container.withImagePullPolicy(PullPolicy.defaultPolicy()) // a local image: used as it is, never pulled
                .withNetworkMode("host")
                .withProductionMode()
                .withOptimizedFlag()
                .withAdminUsername(ADMIN_USER)
                .withAdminPassword(ADMIN_PASSWORD)
                .withLabel(LABEL, "true")
                .withCopyFileToContainer(MountableFile.forHostPath(realmConfig().resolve("demo-realm.json"), 0644),
                        HOME_IN_CONTAINER + "/data/import/demo-realm.json")
                // KeycloakContainer's own wait asks Docker for the management port's mapping, which host networking has not
                .waitingFor(new AbstractWaitStrategy() {
                    @Override
                    protected void waitUntilReady() {
                        server.awaitReady(startupTimeout);
                    }
                }.withStartupTimeout(STARTUP_TIMEOUT));
        options.forEach(container::withCustomCommand);

        Path log = server.log();
        try {
            server.logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            server.logWriter.write("=== starting " + image + " with " + String.join(" ", options) + System.lineSeparator());
            server.logWriter.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        container.withLogConsumer(server::append);
        server.container = container;
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        try {
            container.start();
        } catch (RuntimeException e) {
            server.stop();
            throw new IllegalStateException("The Keycloak container (" + image + ") did not start; log: " + log
                    + "\n" + server.logTail(60), e);
        }
        System.out.println("[it] Keycloak container " + container.getContainerId().substring(0, 12) + " from " + image
                + " (host network) at " + server.baseUrl());
        return server;
    }

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(10);

    /** Waits until /health/ready answers 200 on the management port, as long as the container runs. */
    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create(managementUrl() + "/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!running()) {
                throw new IllegalStateException("The Keycloak container exited while starting; log tail:\n" + logTail(60));
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
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
        throw new IllegalStateException("Keycloak container not ready after " + timeout + "; log tail:\n" + logTail(60));
    }

    private boolean running() {
        String id = container.getContainerId();
        if (id == null) {
            return false;
        }
        Boolean running = container.getDockerClient().inspectContainerCmd(id).exec().getState().getRunning();
        return Boolean.TRUE.equals(running);
    }

    private void append(OutputFrame frame) {
        if (frame.getType() == OutputFrame.OutputType.END) {
            return;
        }
        synchronized (logWriter) {
            try {
                logWriter.write(frame.getUtf8String());
                logWriter.flush();
            } catch (IOException e) {
                // the log file is a copy for people; logText() reads the container itself
            }
        }
    }

    @Override
    public synchronized boolean isAlive() {
        return !stopped && container.isRunning();
    }

    /** Everything the container has written so far (standard output and error, across restarts), as Docker has it. */
    @Override
    public String logText() {
        synchronized (this) {
            if (!stopped && container != null && container.getContainerId() != null) {
                return container.getLogs();
            }
        }
        try {
            return Files.readString(log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] readFile(String relativePath) throws IOException {
        return container.copyFileFromContainer(HOME_IN_CONTAINER + "/" + relativePath, in -> in.readAllBytes());
    }

    /** Copied into the container; the folders it needs are made there (readable by Keycloak's user). */
    @Override
    public void writeFile(String relativePath, String content) throws IOException {
        container.copyFileToContainer(Transferable.of(content.getBytes(StandardCharsets.UTF_8), 0644),
                HOME_IN_CONTAINER + "/" + relativePath);
    }

    /** {@code rm -rf} inside the container, as root (a copy into the container makes root's folders). */
    @Override
    public void deleteFiles(String relativePath) throws IOException {
        if (relativePath.isBlank() || relativePath.contains("..")) {
            throw new IllegalArgumentException(relativePath);
        }
        try {
            Container.ExecResult r = container.execInContainerWithUser("root", "rm", "-rf", "--", HOME_IN_CONTAINER + "/" + relativePath);
            if (r.getExitCode() != 0) {
                throw new IOException("rm -rf " + relativePath + " in the container: " + r.getStderr());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /**
     * Stops the container (SIGTERM, SIGKILL after 30 s) and starts the same container again, as {@code docker stop}
     * and {@code docker start} would: same ports, same H2 files. Returns when it is ready again.
     */
    @Override
    public synchronized void restart() {
        DockerClient docker = container.getDockerClient();
        String id = container.getContainerId();
        docker.stopContainerCmd(id).withTimeout(30).exec();
        int since = (int) Instant.now().getEpochSecond();
        appendLine("=== restarting the container");
        docker.startContainerCmd(id).exec();
        // the first follower ended with the container's first run; follow this run from now on
        FrameConsumerResultCallback callback = new FrameConsumerResultCallback();
        callback.addConsumer(OutputFrame.OutputType.STDOUT, this::append);
        callback.addConsumer(OutputFrame.OutputType.STDERR, this::append);
        docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(true).withSince(since).exec(callback);
        awaitReady(STARTUP_TIMEOUT);
    }

    private void appendLine(String line) {
        synchronized (logWriter) {
            try {
                logWriter.write(line + System.lineSeparator());
                logWriter.flush();
            } catch (IOException e) {
                // a copy for people only
            }
        }
    }

    /** Not measured in container mode (the benchmark runs the process harness only). */
    @Override
    public java.util.Optional<ProcessHandle> jvm() {
        return java.util.Optional.empty();
    }

    /** Not measured in container mode (the benchmark runs the process harness only). */
    @Override
    public long cpuNanos() {
        return 0;
    }

    /** Stops and removes the container (Keycloak gets SIGTERM, then SIGKILL after Docker's grace period). */
    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (container != null) {
                container.stop();
            }
        } finally {
            if (logWriter != null) {
                try {
                    logWriter.close();
                } catch (IOException e) {
                    // nothing to add
                }
            }
        }
    }

    @Override
    public synchronized void kill() {
        if (!stopped && container != null && container.getContainerId() != null) {
            container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
        }
        stop();
    }
}
