package io.appcredentials.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** The demo realm of realm-config/ and helpers to act in it as its users and admins do. */
public final class Demo {

    public static final String REALM = "demo";
    public static final String ALICE = "alice";
    public static final String ALICE_PASSWORD = "alice123";
    public static final String ALICE_TOTP = "AliceDemoTotpSecret1";
    public static final String BOB = "bob";
    public static final String BOB_PASSWORD = "bob123";
    public static final String DEMO_ADMIN = "demo-admin";
    public static final String DEMO_ADMIN_PASSWORD = "admin123";
    /** OTP secret given to users that tests create. */
    public static final String TEST_TOTP = "TestUserTotpSecret99";

    private Demo() {
    }

    /**
     * Test-only adjustment: tests log in with the same TOTP code several times within 30 seconds, which the
     * realm's default OTP policy (rightly) refuses; the demo itself keeps codes single-use.
     */
    public static void prepareForTests(KeycloakServer server) {
        Http.Resp r = Http.putJson(server.baseUrl() + "/admin/realms/" + REALM, masterAdminToken(server),
                Map.of("otpPolicyType", "totp", "otpPolicyAlgorithm", "HmacSHA1", "otpPolicyDigits", 6,
                        "otpPolicyPeriod", 30, "otpPolicyLookAheadWindow", 1, "otpPolicyCodeReusable", true));
        assertEquals(204, r.status(), r.toString());
    }

    public static String masterAdminToken(KeycloakServer server) {
        Http.Resp r = Http.postForm(server.tokenEndpoint("master"), Http.form("grant_type", "password", "client_id", "admin-cli",
                "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD), null, null);
        assertEquals(200, r.status(), r.toString());
        return r.json().get("access_token").asText();
    }

    /** A user's access token from the password grant (with a TOTP code when a secret is given). */
    public static Http.Resp login(KeycloakServer server, String username, String password, String totpSecret) {
        Map<String, String> form = Http.form("grant_type", "password", "client_id", "admin-cli", "username", username, "password", password);
        if (totpSecret != null) {
            form.put("totp", Totp.now(totpSecret));
        }
        return Http.postForm(server.tokenEndpoint(REALM), form, null, null);
    }

    /**
     * A user's access token. Keycloak's brute-force protection (on in the demo realm) records each login in the
     * background (its {@code bruteforce} executor), and a login that arrives while the previous one is still being
     * recorded can be refused as a temporarily disabled user; on a busy machine a test logging in several times in a
     * row runs into it. That one refusal, as the realm's own login event names it, is retried; any other refusal is
     * returned at once (see {@link #settledLogin}).
     */
    public static String token(KeycloakServer server, String username, String password, String totpSecret) {
        Http.Resp r = settledLogin(server, username, password, totpSecret);
        assertEquals(200, r.status(), r.toString());
        return r.json().get("access_token").asText();
    }

    /**
     * {@link #login}, retried only past the brute-force transient described at {@link #token}: a 400 whose login
     * event in the demo realm has the error {@code user_temporarily_disabled}. A wrong password, a refused or
     * replayed OTP code, or anything else is returned as it came, so no login regression hides behind a retry.
     */
    public static Http.Resp settledLogin(KeycloakServer server, String username, String password, String totpSecret) {
        Http.Resp r = login(server, username, password, totpSecret);
        for (int attempt = 1; r.status() == 400 && attempt <= 10 && refusedAsTemporarilyDisabled(server, username); attempt++) {
            KeycloakServer.sleep(300L * attempt);
            r = login(server, username, password, totpSecret);
        }
        return r;
    }

    /** Whether the user's newest LOGIN_ERROR event in the demo realm is brute force's temporary disabling. */
    static boolean refusedAsTemporarilyDisabled(KeycloakServer server, String username) {
        Http.Resp events = Http.get(server.baseUrl() + "/admin/realms/" + REALM + "/events?type=LOGIN_ERROR&max=50",
                masterAdminToken(server));
        assertEquals(200, events.status(), events.toString());
        for (JsonNode event : events.json()) {
            JsonNode details = event.path("details");
            if (username.equalsIgnoreCase(details.path("username").asText(""))) {
                return "user_temporarily_disabled".equals(event.path("error").asText());
            }
        }
        return false;
    }

    public static String aliceToken(KeycloakServer server) {
        return token(server, ALICE, ALICE_PASSWORD, ALICE_TOTP);
    }

    public static String credentialsUrl(KeycloakServer server) {
        return server.realmUrl(REALM) + "/app-credentials";
    }

    public static String adminCredentialsUrl(KeycloakServer server) {
        return server.baseUrl() + "/admin/realms/" + REALM + "/app-credentials";
    }

    /** Creates a credential as the owner of {@code userToken}; asserts 201 and returns the body (with the secret). */
    public static JsonNode create(KeycloakServer server, String userToken, Map<String, Object> body) {
        Http.Resp r = Http.postJson(credentialsUrl(server), userToken, body);
        assertEquals(201, r.status(), r.toString());
        return r.json();
    }

    /** A user that a test created: a password and a TOTP second factor. */
    public record TestUser(String username, String id) {
        public String token(KeycloakServer server) {
            return Demo.token(server, username, "password", TEST_TOTP);
        }
    }

    /** A fresh user with the roles alice has in the demo realm (so tests do not share alice's credential limit). */
    public static TestUser aliceLike(KeycloakServer server) {
        return aliceLike(server, true);
    }

    /** Same, with or without an email address. */
    public static TestUser aliceLike(KeycloakServer server, boolean withEmail) {
        String username = newUserWithTotp(server, List.of("default-roles-demo", "writer"),
                Map.of("my-api", List.of("reader", "writer"), "realm-management", List.of("view-users")), withEmail);
        return new TestUser(username, userId(server, username));
    }

    /** The operational info of the extension's lifecycle provider (server info of the admin console). */
    public static JsonNode extensionInfo(KeycloakServer server) {
        return Http.get(server.baseUrl() + "/admin/serverinfo", masterAdminToken(server)).json()
                .get("providers").get("app-credentials").get("providers").get("default").get("operationalInfo");
    }

    /** How often the mail job has run on this node. */
    public static long reminderRuns(KeycloakServer server) {
        return extensionInfo(server).get("reminderRuns").asLong();
    }

    /**
     * An authenticator app with the secret {@link #TEST_TOTP}, as an entry of a user's {@code credentials} when the user is
     * created: an administrator can create credentials only for users with a second factor.
     */
    public static Map<String, Object> totpCredential() {
        return Map.of("type", "otp", "userLabel", "test",
                "secretData", "{\"value\":\"" + TEST_TOTP + "\"}",
                "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
    }

    /** A fresh user with a password, a TOTP second factor and the given realm roles; returns its username. */
    public static String newUserWithTotp(KeycloakServer server, List<String> realmRoles, Map<String, List<String>> clientRoles) {
        return newUserWithTotp(server, realmRoles, clientRoles, true);
    }

    /** Same, with or without an email address ({@code <username>@example.com}, verified). */
    public static String newUserWithTotp(KeycloakServer server, List<String> realmRoles, Map<String, List<String>> clientRoles, boolean withEmail) {
        String username = "user-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> user = new HashMap<>(Map.of(
                "username", username,
                "enabled", true,
                "firstName", "Test",
                "lastName", "User",
                "credentials", List.of(
                        Map.of("type", "password", "value", "password", "temporary", false),
                        Map.of("type", "otp", "userLabel", "test",
                                "secretData", "{\"value\":\"" + TEST_TOTP + "\"}",
                                "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}")),
                "realmRoles", realmRoles,
                "clientRoles", clientRoles));
        if (withEmail) {
            user.put("email", username + "@example.com");
            user.put("emailVerified", true);
        }
        Http.Resp r = Http.postJson(server.baseUrl() + "/admin/realms/" + REALM + "/partialImport", masterAdminToken(server),
                Map.of("ifResourceExists", "FAIL", "users", List.of(user)));
        assertEquals(200, r.status(), r.toString());
        return username;
    }

    public static String policyUrl(KeycloakServer server) {
        return adminCredentialsUrl(server) + "/policy";
    }

    /** Sets policy fields (the rest keep their current values) and returns the previous policy. */
    public static JsonNode setPolicy(KeycloakServer server, Map<String, Object> changes) {
        String admin = masterAdminToken(server);
        JsonNode before = Http.get(policyUrl(server), admin).json();
        Map<String, Object> next = Http.JSON.convertValue(before, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        next.putAll(changes);
        Http.Resp r = Http.putJson(policyUrl(server), admin, next);
        assertEquals(200, r.status(), r.toString());
        return before;
    }

    public static void restorePolicy(KeycloakServer server, JsonNode policy) {
        Http.Resp r = Http.putJson(policyUrl(server), masterAdminToken(server), policy);
        assertEquals(200, r.status(), r.toString());
    }

    /**
     * Changes the demo realm through its whole representation (a partial realm PUT would drop the realm
     * attributes it leaves out, the policy and the OTP settings among them).
     */
    public static void updateRealm(KeycloakServer server, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change) {
        String admin = masterAdminToken(server);
        String url = server.baseUrl() + "/admin/realms/" + REALM;
        com.fasterxml.jackson.databind.node.ObjectNode realm = (com.fasterxml.jackson.databind.node.ObjectNode) Http.get(url, admin).json();
        change.accept(realm);
        Http.Resp r = Http.putJson(url, admin, realm);
        assertEquals(204, r.status(), r.toString());
    }

    /** Changes a user of the demo realm through its whole representation. */
    public static void updateUser(KeycloakServer server, String userId, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change) {
        String admin = masterAdminToken(server);
        String url = server.baseUrl() + "/admin/realms/" + REALM + "/users/" + userId;
        com.fasterxml.jackson.databind.node.ObjectNode user = (com.fasterxml.jackson.databind.node.ObjectNode) Http.get(url, admin).json();
        change.accept(user);
        Http.Resp r = Http.putJson(url, admin, user);
        assertEquals(204, r.status(), r.toString());
    }

    public static String userId(KeycloakServer server, String username) {
        Http.Resp r = Http.get(server.baseUrl() + "/admin/realms/" + REALM + "/users?exact=true&username=" + username, masterAdminToken(server));
        assertEquals(200, r.status(), r.toString());
        return r.json().get(0).get("id").asText();
    }

    /** client_credentials with HTTP Basic, as {@code curl -u ID:SECRET} does. */
    public static Http.Resp clientCredentialsBasic(KeycloakServer server, String id, String secret) {
        return Http.postForm(server.tokenEndpoint(REALM), Http.form("grant_type", "client_credentials"), id, secret);
    }

    /**
     * client_credentials with HTTP Basic from the local address {@code localAddress} (e.g. {@code 127.0.0.2}), over a
     * raw HTTP/1.1 connection whose socket is bound to it: Keycloak (without proxy headers) sees that address as the
     * client's. Returns the status code.
     */
    public static int clientCredentialsFrom(KeycloakServer server, String localAddress, String id, String secret) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 10_000);
            socket.setSoTimeout(60_000);
            byte[] body = "grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII);
            String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
            String head = "POST /realms/" + REALM + "/protocol/openid-connect/token HTTP/1.1\r\n"
                    + "Host: localhost:" + server.httpPort() + "\r\n"
                    + "Authorization: Basic " + basic + "\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length + "\r\n"
                    + "Connection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            String statusLine = response.substring(0, response.indexOf("\r\n"));
            return Integer.parseInt(statusLine.split(" ")[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** client_credentials with form fields (client_secret_post). */
    public static Http.Resp clientCredentialsPost(KeycloakServer server, String id, String secret) {
        return Http.postForm(server.tokenEndpoint(REALM), Http.form("grant_type", "client_credentials", "client_id", id, "client_secret", secret), null, null);
    }
}
