package io.appcredentials.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * Moves the test server's clock: Keycloak's {@code Time} offset, which the extension reads for every expiry,
 * second-factor age, retention and reminder, and Keycloak for its tokens, sessions and events. Through the test-only
 * provider of {@code test-clock/} ({@code /realms/master/test-clock}, a master-realm admin token required), which the
 * harness puts into the providers of the servers it starts as processes; the product jar and the container image
 * never have it, so a test using the clock is not tagged {@code container}.
 * <p>
 * Moving the clock moves every token's clock too: a token obtained before a move longer than its lifetime (300 s in
 * the demo realm, 60 s for master's admin tokens) is expired after it, and sessions idle past their timeout are gone:
 * obtain tokens again after moving. TOTP codes are not affected (Keycloak checks them against the machine's clock).
 * The harness ({@link TestServer}) puts the clock back after each test class that moved it.
 */
public final class TestClock {

    private static volatile boolean moved;

    private final KeycloakServer server;

    /**
     * The clock of {@code server}. Against the container image (which has no test clock: {@code -Pcontainer
     * -Dit.fullMatrix} runs every class there) the test is skipped here, so create it before changing anything.
     */
    public TestClock(KeycloakServer server) {
        Assumptions.assumeFalse(KeycloakContainerServer.selected(),
                "the container image has no test clock (test-clock/ is in the process harness's servers only)");
        this.server = server;
    }

    private String url() {
        return server.realmUrl("master") + "/test-clock";
    }

    /** The server's clock offset now. */
    public Duration offset() {
        Http.Resp r = Http.get(url(), Demo.masterAdminToken(server));
        assertEquals(200, r.status(), "the test clock (not in the container image: see TestClock): " + r);
        return Duration.ofSeconds(r.json().get("offsetSeconds").asLong());
    }

    /** The time on the server's clock, as this machine's clock plus the offset. */
    public Instant now() {
        return Instant.now().plus(offset());
    }

    /** Moves the server's clock forward by {@code by}, rounded up to whole seconds. Tokens obtained before may have expired. */
    public void advance(Duration by) {
        set(offset().plusSeconds((by.toMillis() + 999) / 1000));
    }

    /** Sets the server's clock offset from this machine's clock. */
    public void set(Duration offset) {
        moved = true;
        Http.Resp r = Http.putJson(url(), Demo.masterAdminToken(server), Map.of("offsetSeconds", Math.toIntExact(offset.toSeconds())));
        assertEquals(200, r.status(), "the test clock (not in the container image: see TestClock): " + r);
        assertEquals(offset.toSeconds(), r.json().get("offsetSeconds").asLong(), r.toString());
    }

    /** Puts the server's clock back to this machine's. */
    public void reset() {
        Http.Resp r = Http.delete(url(), Demo.masterAdminToken(server));
        assertEquals(204, r.status(), "the test clock: " + r);
        moved = false;
    }

    /** The harness's end of a test class: the clock back, if a test moved it. */
    static void resetIfMoved(KeycloakServer server) {
        if (moved) {
            new TestClock(server).reset();
        }
    }
}
