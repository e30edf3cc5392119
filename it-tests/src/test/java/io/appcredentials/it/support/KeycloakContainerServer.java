package io.appcredentials.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.images.PullPolicy;
import org.testcontainers.utility.MountableFile;

import dasniko.testcontainers.keycloak.KeycloakContainer;

/**
 * Container mode of the harness ({@code -Dit.server=container}, Maven profile {@code container}): the test run's
 * server is the project's image, built from its {@code Dockerfile} (property {@code it.container.image}), started by
 * Testcontainers Keycloak as that image starts in production: {@code start --optimized} on the H2 database it was
 * built for ({@code KC_DB=dev-file}), with the demo realm imported and the harness's options
 * ({@link KeycloakServer#testOptions()}).
 *
 * <p>Tests see the same {@link KeycloakServer}: {@link #baseUrl()} is the container's HTTP port published on this
 * machine under the same number as inside the container (a free port, as for a process), so that a URL the server
 * is given for itself, such as a realm brokering another realm of the same server, also works from inside the
 * container; {@link #logText()} is the container's output, {@link #readFile(String)} reads inside the container, and
 * {@link #home()} is still the distribution Maven unpacked here, whose {@code bin/kcadm.sh} the kcadm tests run
 * against {@link #baseUrl()}.
 */
final class KeycloakContainerServer extends KeycloakServer {

    static final String HOME_IN_CONTAINER = "/opt/keycloak";
    static final int MANAGEMENT_PORT_IN_CONTAINER = 9000;
    /** Label of every container the harness starts, to find leftovers of a killed test JVM. */
    static final String LABEL = "io.appcredentials.it";

    private final KeycloakContainer container;
    private final int httpPort;
    private final Writer logWriter;
    private boolean stopped;

    private KeycloakContainerServer(KeycloakContainer container, int httpPort, Writer logWriter) {
        super(distribution(), "keycloak-container");
        this.container = container;
        this.httpPort = httpPort;
        this.logWriter = logWriter;
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
        int httpPort = freePort();
        List<String> options = new ArrayList<>(KeycloakServer.withOverrides(KeycloakServer.testOptions(), List.of(
                // production mode over plain HTTP, the hostname taken from each request (localhost:<port>)
                "--http-enabled=true",
                "--hostname-strict=false",
                "--http-port=" + httpPort)));
        options = new ArrayList<>(KeycloakServer.withOverrides(options, extraArgs));
        options.remove("--import-realm"); // KeycloakContainer passes it itself

        KeycloakContainer container = new KeycloakContainer(image) {
            @Override
            protected void configure() {
                super.configure();
                addFixedExposedPort(httpPort, httpPort);
                // after KeycloakContainer's own settings, which include a heap by RAM percentage
                withEnv("JAVA_OPTS_KC_HEAP", HEAP);
                env.forEach(this::withEnv);
            }
        };
        container.withImagePullPolicy(PullPolicy.defaultPolicy()) // a local image: used as it is, never pulled
                .withProductionMode()
                .withOptimizedFlag()
                .withAdminUsername(ADMIN_USER)
                .withAdminPassword(ADMIN_PASSWORD)
                .withStartupTimeout(Duration.ofMinutes(10))
                .withLabel(LABEL, "true")
                .withCopyFileToContainer(MountableFile.forHostPath(realmConfig().resolve("demo-realm.json"), 0644),
                        HOME_IN_CONTAINER + "/data/import/demo-realm.json");
        options.forEach(container::withCustomCommand);
        // only the management port (health, for KeycloakContainer's wait) gets a random port besides the fixed one
        container.setExposedPorts(List.of(MANAGEMENT_PORT_IN_CONTAINER));

        Path log = outputDir().resolve("keycloak-container.log");
        Writer writer;
        try {
            writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            writer.write("=== starting " + image + " with " + String.join(" ", options) + System.lineSeparator());
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        container.withLogConsumer(frame -> append(writer, frame));
        KeycloakContainerServer server = new KeycloakContainerServer(container, httpPort, writer);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        try {
            container.start();
        } catch (RuntimeException e) {
            server.stop();
            throw new IllegalStateException("The Keycloak container (" + image + ") did not start; log: " + log
                    + "\n" + server.logTail(60), e);
        }
        System.out.println("[it] Keycloak container " + container.getContainerId().substring(0, 12) + " from " + image
                + " at " + server.baseUrl());
        return server;
    }

    private static void append(Writer writer, OutputFrame frame) {
        if (frame.getType() == OutputFrame.OutputType.END) {
            return;
        }
        synchronized (writer) {
            try {
                writer.write(frame.getUtf8String());
                writer.flush();
            } catch (IOException e) {
                // the log file is a copy for people; logText() reads the container itself
            }
        }
    }

    @Override
    public String baseUrl() {
        return "http://" + container.getHost() + ":" + httpPort;
    }

    /**
     * Requests to the published port reach the container through Docker's port forwarding, from the gateway of
     * the container's network (172.17.0.1 on Docker's default bridge).
     */
    @Override
    public String clientAddress() {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getGateway();
    }

    @Override
    public synchronized boolean isAlive() {
        return !stopped && container.isRunning();
    }

    /** Everything the container has written so far (standard output and error), as Docker has it. */
    @Override
    public String logText() {
        synchronized (this) {
            if (!stopped && container.getContainerId() != null) {
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
            container.stop();
        } finally {
            try {
                logWriter.close();
            } catch (IOException e) {
                // nothing to add
            }
        }
    }

    @Override
    public synchronized void kill() {
        if (!stopped && container.getContainerId() != null) {
            container.getDockerClient().killContainerCmd(container.getContainerId()).exec();
        }
        stop();
    }
}
