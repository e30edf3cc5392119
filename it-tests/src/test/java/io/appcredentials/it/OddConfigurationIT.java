package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.MailServer;
import io.appcredentials.it.support.MailServer.Mail;

/**
 * The extension on a server configured as production would configure it, unlike the test run's development server:
 * one server of its own ({@link KeycloakServer#startSeparate}, H2, started once and restarted once), with
 * <ul>
 *   <li>{@code --proxy-headers=xforwarded} and {@code --proxy-trusted-addresses} naming the loopback address
 *       127.0.0.1 (and ::1) as the reverse proxy: a request from there reaches Keycloak with the client's address in
 *       {@code X-Forwarded-For}, one from 127.0.0.2 is from a peer that is not the proxy, whose headers Keycloak
 *       ignores;</li>
 *   <li>{@code --hostname} a full URL that is not the one the tests call, so a mail link can only come from it;</li>
 *   <li>the token-path cache bounded to 3 credentials and 10 s of idle time;</li>
 *   <li>a usage flush interval of an hour, so that uses are still pending when the server is stopped;</li>
 *   <li>Keycloak's SCIM API (preview feature {@code scim-api}), a realm resource ({@code /realms/{realm}/scim})
 *       that another provider than this extension adds and that takes bearer tokens.</li>
 * </ul>
 * It tests server options, not the database: H2 only (tag {@code configuration}, see the README's "Tests").
 */
@Tag("configuration")
class OddConfigurationIT {

    private static final String HOSTNAME = "https://auth.example.test";
    private static final String PROXY = "127.0.0.1";
    private static final String NOT_THE_PROXY = "127.0.0.2";
    private static final int CACHE_MAX_ENTRIES = 3;
    private static final int CACHE_MAX_IDLE_SECONDS = 10;
    private static final Duration MAIL_WAIT = Duration.ofSeconds(90);
    private static final String SCIM_AUDIENCE = HOSTNAME + "/realms/" + Demo.REALM + "/scim/v2";
    private static final String ADDRESS_REFUSED = "This application credential may not be used from the request's address";

    private static KeycloakServer server;
    private static MailServer smtp;

    @BeforeAll
    static void startTheOddServer() {
        server = KeycloakServer.startSeparate("odd-configuration", List.of(
                "--proxy-headers=xforwarded",
                "--proxy-trusted-addresses=127.0.0.1,::1",
                "--hostname=" + HOSTNAME,
                "--spi-app-credentials--default--cache-max-entries=" + CACHE_MAX_ENTRIES,
                "--spi-app-credentials--default--cache-max-idle-seconds=" + CACHE_MAX_IDLE_SECONDS,
                "--spi-app-credentials--default--usage-flush-interval-seconds=3600",
                // the test options' feature, and Keycloak's SCIM API: a realm resource another provider adds
                "--features=identity-brokering-api:v2,scim-api"));
        Demo.prepareForTests(server);
        smtp = MailServer.start();
        smtp.useFor(server);
    }

    @AfterAll
    static void stopTheOddServer() {
        try {
            if (smtp != null) {
                smtp.close();
            }
        } finally {
            if (server != null) {
                server.stop();
            }
        }
    }

    /** A response read from a raw HTTP/1.1 connection: status and body. */
    private record Raw(int status, String body) {
        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + this, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /**
     * client_credentials with HTTP Basic over a raw connection whose socket is bound to {@code from} (127.0.0.1 is the
     * trusted proxy, 127.0.0.2 is not), with the given extra headers (X-Forwarded-For, Forwarded).
     */
    private static Raw tokenRequest(String from, String id, String secret, Map<String, String> headers) {
        String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("Authorization", "Basic " + basic);
        all.put("Content-Type", "application/x-www-form-urlencoded");
        return raw(from, "POST", "/realms/" + Demo.REALM + "/protocol/openid-connect/token", all, "grant_type=client_credentials");
    }

    private static Raw raw(String from, String method, String path, Map<String, String> headers, String body) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 10_000);
            socket.setSoTimeout(60_000);
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost:" + server.httpPort() + "\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(content.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(0, response.indexOf("\r\n")).split(" ")[1]);
            int bodyStart = response.indexOf("\r\n\r\n");
            String responseBody = bodyStart < 0 ? "" : response.substring(bodyStart + 4);
            if (response.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                responseBody = unchunk(responseBody);
            }
            return new Raw(status, responseBody);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    private static Map<String, String> forwardedFor(String address) {
        return Map.of("X-Forwarded-For", address);
    }

    private static List<String> addresses(JsonNode credential) {
        List<String> out = new ArrayList<>();
        credential.get("recentUses").forEach(u -> out.add(u.get("ip").asText()));
        return out;
    }

    // ------------------------------------------------------------------------------------------- proxy headers

    /**
     * {@code allowedCidrs} with proxy headers configured: the address checked is the client's from
     * {@code X-Forwarded-For} when the request comes through the trusted proxy; the proxy's own address when it sends
     * none; and the socket's address when a peer that is not the trusted proxy sends the header (Keycloak ignores it),
     * as it is for the {@code Forwarded} header, which {@code xforwarded} does not read.
     */
    @Test
    void theTrustedProxysForwardedForDecidesWhetherTheAddressIsAllowed() {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "behind-proxy-" + UUID.randomUUID(),
                "allowedCidrs", List.of("10.20.0.0/16")));
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();

        Raw inside = tokenRequest(PROXY, id, secret, forwardedFor("10.20.0.7"));
        assertEquals(200, inside.status(), "a client inside the network, through the trusted proxy: " + inside);
        assertTrue(inside.json().hasNonNull("access_token"), inside.toString());

        Raw outside = tokenRequest(PROXY, id, secret, forwardedFor("192.0.2.9"));
        assertEquals(401, outside.status(), "a client outside the network, through the trusted proxy: " + outside);
        assertEquals("invalid_client", outside.json().get("error").asText());
        assertEquals(ADDRESS_REFUSED, outside.json().get("error_description").asText());

        Raw proxyItself = tokenRequest(PROXY, id, secret, Map.of());
        assertEquals(401, proxyItself.status(), "the proxy's own address (no header) is outside the network: " + proxyItself);
        assertEquals(ADDRESS_REFUSED, proxyItself.json().get("error_description").asText());

        Raw untrusted = tokenRequest(NOT_THE_PROXY, id, secret, forwardedFor("10.20.0.7"));
        assertEquals(401, untrusted.status(), "X-Forwarded-For from a peer that is not the trusted proxy counts for nothing: " + untrusted);
        assertEquals(ADDRESS_REFUSED, untrusted.json().get("error_description").asText());

        Raw otherHeader = tokenRequest(PROXY, id, secret, Map.of("Forwarded", "for=10.20.0.7"));
        assertEquals(401, otherHeader.status(), "Forwarded is not read with --proxy-headers=xforwarded: " + otherHeader);
    }

    // ------------------------------------------------------------------------------------------- usage at shutdown

    /**
     * Uses counted in memory are written when the server stops gracefully, not only by the periodic flush (an hour
     * here, so it never runs): before the stop the API shows no use; after a restart on the same database, the count,
     * the last address and the recent addresses are there. The addresses are those Keycloak took from the proxy
     * headers: the client's behind the trusted proxy, the socket's for a peer that is not the proxy.
     */
    @Test
    void usesStillPendingAtAGracefulShutdownAreWrittenWithTheAddressesTheProxyHeadersGave() {
        Demo.TestUser user = Demo.aliceLike(server);
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "pending-at-shutdown-" + UUID.randomUUID()));
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        assertEquals(200, tokenRequest(PROXY, id, secret, forwardedFor("10.20.0.7")).status());
        assertEquals(200, tokenRequest(PROXY, id, secret, forwardedFor("10.20.0.7")).status());
        assertEquals(200, tokenRequest(NOT_THE_PROXY, id, secret, forwardedFor("10.99.0.1")).status());

        String url = Demo.adminCredentialsUrl(server) + "/" + id;
        JsonNode before = Http.get(url, Demo.masterAdminToken(server)).json();
        assertEquals(0, before.get("useCount").asLong(), "the uses are still pending in memory, not written: " + before);
        assertEquals(0, before.get("recentUses").size(), before.toString());

        server.restart();

        JsonNode after = Http.get(url, Demo.masterAdminToken(server)).json();
        assertEquals(3, after.get("useCount").asLong(), "the uses pending at the stop were written then: " + after);
        assertEquals(NOT_THE_PROXY, after.get("lastUsedIp").asText(), after.toString());
        assertTrue(after.hasNonNull("lastUsedAt"), after.toString());
        assertEquals(List.of(NOT_THE_PROXY, "10.20.0.7"), addresses(after),
                "the client's address behind the trusted proxy, the socket's for the other peer: " + after);
        JsonNode owners = Http.get(Demo.credentialsUrl(server) + "/" + id, user.token(server)).json();
        assertEquals(3, owners.get("useCount").asLong(), owners.toString());
        assertFalse(server.logText().contains("Could not write application credential usage at shutdown"), server.logTail(40));
    }

    // ------------------------------------------------------------------------------------------- cache options

    private static long cachedLeases(String admin) {
        JsonNode info = Http.get(server.baseUrl() + "/admin/serverinfo", admin).json()
                .get("providers").get("app-credentials").get("providers").get("default").get("operationalInfo");
        return info.get("cachedLeases").asLong();
    }

    /**
     * {@code cache-max-entries} and {@code cache-max-idle-seconds} take effect: five credentials used one after the
     * other leave at most three in the token-path cache (exactly three while none has been idle for 10 s), and once
     * none is used for longer than the idle time the cache empties; the next use loads the credential again.
     */
    @Test
    void theCacheOptionsBoundTheTokenPathCacheByCountAndIdleTime() throws Exception {
        Demo.TestUser user = Demo.aliceLike(server);
        String userToken = user.token(server);
        List<JsonNode> credentials = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            credentials.add(Demo.create(server, userToken, Map.of("name", "cached-" + i + "-" + UUID.randomUUID())));
        }
        String admin = Demo.masterAdminToken(server);
        assertEquals(Integer.toString(CACHE_MAX_ENTRIES), Demo.extensionInfo(server).get("cacheMaxEntries").asText());

        List<Long> seen = new ArrayList<>();
        for (JsonNode c : credentials) {
            assertEquals(200, tokenRequest(PROXY, c.get("id").asText(), c.get("secret").asText(), Map.of()).status());
            seen.add(cachedLeases(admin));
        }
        assertTrue(seen.stream().allMatch(n -> n <= CACHE_MAX_ENTRIES), "never more than " + CACHE_MAX_ENTRIES + " cached: " + seen);
        assertEquals(CACHE_MAX_ENTRIES, seen.get(seen.size() - 1), "five used within the idle time fill the cache: " + seen);

        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long cached = cachedLeases(admin);
        while (cached > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000); // polling interval; the entries leave after 10 s without a use
            cached = cachedLeases(Demo.masterAdminToken(server));
        }
        assertEquals(0, cached, "idle credentials leave the cache");

        JsonNode again = credentials.get(0);
        assertEquals(200, tokenRequest(PROXY, again.get("id").asText(), again.get("secret").asText(), Map.of()).status());
        assertEquals(1, cachedLeases(Demo.masterAdminToken(server)), "the next use loads it again");
    }

    // ------------------------------------------------------------------------------------------- another realm resource

    /**
     * The positive control for "a realm resource another provider adds": Keycloak's SCIM API, switched on for the demo
     * realm. It takes tokens of confidential clients only, with its URL in their audience, so the caller is a
     * confidential client of the test's own with an audience mapper.
     * The owner's own token from it (realm-management {@code view-users}) is answered with the realm's users
     * (ACCEPTED); a credential of the owner's for that same application, granted that same role, whose token carries
     * it and is accepted by the admin API for the same users, is refused there.
     */
    @Test
    void aRealmResourceOfAnotherProviderTakesTheOwnersTokenAndRefusesTheCredentialsOne() {
        Demo.updateRealm(server, realm -> realm.put("scimApiEnabled", true));
        String admin = Demo.masterAdminToken(server);
        String clientId = "scim-caller-" + System.nanoTime();
        Http.Resp made = Http.postJson(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/clients", admin, Map.of("clientId", clientId,
                "publicClient", false, "secret", "scim-secret", "directAccessGrantsEnabled", true, "fullScopeAllowed", true,
                // the SCIM API takes tokens whose audience is its own URL (under --hostname)
                "protocolMappers", List.of(Map.of("name", "scim-audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.custom.audience", SCIM_AUDIENCE, "access.token.claim", "true")))));
        assertEquals(201, made.status(), made.toString());
        JsonNode before = Demo.setPolicy(server, Map.of("allowedClients", List.of("app-credentials", clientId)));
        try {
            String scimUsers = server.realmUrl(Demo.REALM) + "/scim/v2/Users";
            Demo.TestUser user = Demo.aliceLike(server);
            Http.Resp login = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", "password", "username", user.username(),
                    "password", "password", "totp", io.appcredentials.it.support.Totp.now(Demo.TEST_TOTP)), clientId, "scim-secret");
            assertEquals(200, login.status(), "the owner's login at the client: status " + login.status());
            Http.Resp accepted = Http.get(scimUsers, login.json().get("access_token").asText());
            assertEquals(200, accepted.status(), "control: the owner's own token is accepted by the SCIM API: " + accepted);
            assertTrue(accepted.body().contains(user.username()), "the realm's users, the owner among them: " + accepted);

            JsonNode c = Demo.create(server, user.token(server), Map.of("name", "scim-" + UUID.randomUUID(), "clientId", clientId,
                    "clientRoles", Map.of("realm-management", List.of("view-users"))));
            Raw issued = tokenRequest(PROXY, c.get("id").asText(), c.get("secret").asText(), Map.of());
            assertEquals(200, issued.status(), issued.toString());
            String token = issued.json().get("access_token").asText();
            assertEquals(clientId, Http.claims(token).get("azp").asText());
            assertTrue(Http.claims(token).get("aud").toString().contains(SCIM_AUDIENCE), "the SCIM audience: " + Http.claims(token));
            assertEquals(200, Http.get(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/users?max=1", token).status(),
                    "the credential's token is good for the users in the admin API");
            Http.Resp refused = Http.get(scimUsers, token);
            assertTrue(refused.status() == 401 || refused.status() == 403, "the credential's token at the SCIM API: " + refused);
            assertFalse(refused.body().contains(user.username()), refused.toString());
        } finally {
            Demo.restorePolicy(server, before);
        }
    }

    // ------------------------------------------------------------------------------------------- mail links

    /**
     * With {@code --hostname} a full URL (and no Frontend URL in the realm), the notice's link is the account console
     * under that URL: not the URL the test called, and not the host a request sent through the trusted proxy names in
     * {@code X-Forwarded-Host}, which Keycloak would otherwise believe with these proxy headers.
     */
    @Test
    void mailLinksAreBuiltFromTheHostnameOption() {
        Demo.TestUser user = Demo.aliceLike(server);
        String name = "hostname-link-" + UUID.randomUUID();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + user.token(server));
        headers.put("Content-Type", "application/json");
        headers.put("X-Forwarded-For", "10.20.0.7");
        headers.put("X-Forwarded-Host", "phish.evil.test");
        headers.put("X-Forwarded-Proto", "https");
        Raw created = raw(PROXY, "POST", "/realms/" + Demo.REALM + "/app-credentials", headers, Http.toJson(Map.of("name", name)));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("id").asText();

        Mail notice = smtp.await(m -> m.all().contains(id) && m.subject().startsWith("New application credential"), 1, MAIL_WAIT).get(0);
        String page = HOSTNAME + "/realms/demo/account/account-security/app-credentials";
        assertTrue(notice.text().contains(page), "the link under --hostname: " + notice.text());
        assertTrue(notice.html().contains("href=\"" + page + "\""), notice.html());
        assertFalse(notice.all().contains("phish.evil.test"), notice.all());
        assertFalse(notice.all().contains("localhost"), "not the URL the test called: " + notice.all());
    }
}
