package io.appcredentials.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Keycloak's own admin CLI from the distribution under test, run as a person would. */
public final class Kcadm {

    public record Result(int exit, String output) {
        public String assertOk() {
            assertEquals(0, exit, output);
            return output;
        }
    }

    private Kcadm() {
    }

    public static Result run(KeycloakServer server, String... args) {
        List<String> command = new ArrayList<>();
        command.add(server.home().resolve("bin/kcadm.sh").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "kcadm.sh did not finish");
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
