package io.appcredentials.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Two realms on the test server for users who sign in through an identity provider (issue 19). "up" signs its users
 * in with a password and, for those who have one, a TOTP code, and writes {@code amr} into the ID tokens it issues to
 * its client "downstream". "down" brokers it over OIDC as identity provider {@value #PROVIDER}, trusts its
 * {@code otp} (and {@code hwk}) for application credentials, and shows this extension's account console tab (as the
 * demo realm does: account theme {@code app-credentials}; the realm's default client scopes, its
 * {@code app-credentials} client and its policy are what every new realm gets). Users of "down" come from "up" on
 * their first sign-in and have no local second factor.
 */
public final class BrokeredRealms {

    /** Alias of up in down. */
    public static final String PROVIDER = "up";
    /** Every upstream user's password. */
    public static final String PASSWORD = "password";
    /** A public client of down to sign in to over plain HTTP ({@link BrowserSession}). */
    public static final String CLI_CLIENT = "cli";
    public static final String CLI_REDIRECT = "http://localhost/cb";
    /** What down's policy trusts by default: a one-time code or a hardware key done at up. */
    public static final Map<String, Object> TRUST_UP_OTP = Map.of(PROVIDER, Map.of("amr", List.of("otp", "hwk")));

    private final KeycloakServer server;
    private final String up;
    private final String down;

    private BrokeredRealms(KeycloakServer server, String up, String down) {
        this.server = server;
        this.up = up;
        this.down = down;
    }

    /** Creates both realms, with names of their own ({@code up-…}, {@code down-…}); {@link #remove()} deletes them. */
    public static BrokeredRealms create(KeycloakServer server) {
        String suffix = Long.toString(System.nanoTime(), 36);
        BrokeredRealms realms = new BrokeredRealms(server, "up-" + suffix, "down-" + suffix);
        realms.setUp();
        return realms;
    }

    private void setUp() {
        String admin = admin();
        // Sign-ins follow each other within one 30-second step, so a code may be used twice. Keycloak reads the OTP
        // policy of a new realm only when its type is given, and then all of it.
        assertEquals(201, Http.postJson(server.baseUrl() + "/admin/realms", admin, Map.of("realm", up, "enabled", true,
                "otpPolicyType", "totp", "otpPolicyAlgorithm", "HmacSHA1", "otpPolicyDigits", 6, "otpPolicyPeriod", 30,
                "otpPolicyLookAheadWindow", 1, "otpPolicyInitialCounter", 0, "otpPolicyCodeReusable", true)).status());
        assertTrue(Http.get(adminUrl(up, ""), admin).json().get("otpPolicyCodeReusable").asBoolean(), "OTP codes reusable upstream");
        // down: the account console with the application credentials tab, as in realm-config/demo-realm.json
        assertEquals(201, Http.postJson(server.baseUrl() + "/admin/realms", admin, Map.of("realm", down, "enabled", true,
                "accountTheme", "app-credentials")).status());
        assertEquals("app-credentials", Http.get(adminUrl(down, ""), admin).json().path("accountTheme").asText());

        // up: a browser flow that records amr (pwd, otp) and a confidential client for the broker with the amr mapper
        assertEquals(201, Http.postJson(adminUrl(up, "/authentication/flows/browser/copy"), admin, Map.of("newName", "browser-amr")).status());
        for (JsonNode execution : Http.get(adminUrl(up, "/authentication/flows/browser-amr/executions"), admin).json()) {
            String reference = switch (execution.path("providerId").asText()) {
                case "auth-username-password-form" -> "pwd";
                case "auth-otp-form" -> "otp";
                default -> null;
            };
            if (reference != null) {
                assertEquals(201, Http.postJson(adminUrl(up, "/authentication/executions/" + execution.get("id").asText() + "/config"), admin,
                        Map.of("alias", "amr-" + reference, "config", Map.of("default.reference.value", reference,
                                "default.reference.maxAge", "36000"))).status());
            }
        }
        ObjectNode upRealm = (ObjectNode) Http.get(adminUrl(up, ""), admin).json();
        upRealm.put("browserFlow", "browser-amr");
        assertEquals(204, Http.putJson(adminUrl(up, ""), admin, upRealm).status());
        assertEquals(201, Http.postJson(adminUrl(up, "/clients"), admin, Map.of(
                "clientId", "downstream", "secret", "downstream-secret", "publicClient", false, "standardFlowEnabled", true,
                "redirectUris", List.of(server.realmUrl(down) + "/broker/" + PROVIDER + "/endpoint"),
                "protocolMappers", List.of(Map.of("name", "amr", "protocol", "openid-connect", "protocolMapper", "oidc-amr-mapper",
                        "config", Map.of("id.token.claim", "true", "access.token.claim", "true"))))).status());

        // down: the identity provider, a public client to sign in with, and a policy that trusts up's otp
        assertEquals(201, Http.postJson(adminUrl(down, "/identity-provider/instances"), admin, identityProvider()).status());
        assertEquals(201, Http.postJson(adminUrl(down, "/clients"), admin, Map.of("clientId", CLI_CLIENT, "publicClient", true,
                "standardFlowEnabled", true, "redirectUris", List.of(CLI_REDIRECT))).status());
        trust(TRUST_UP_OTP);
    }

    /** up as an OpenID Connect provider of down: signatures checked, its issuer set, its ID token kept in the session. */
    private Map<String, Object> identityProvider() {
        String upBase = server.realmUrl(up);
        return Map.of("alias", PROVIDER, "providerId", "keycloak-oidc", "enabled", true, "trustEmail", true,
                "config", Map.ofEntries(
                        Map.entry("clientId", "downstream"), Map.entry("clientSecret", "downstream-secret"),
                        Map.entry("clientAuthMethod", "client_secret_post"),
                        Map.entry("authorizationUrl", upBase + "/protocol/openid-connect/auth"),
                        Map.entry("tokenUrl", upBase + "/protocol/openid-connect/token"),
                        Map.entry("jwksUrl", upBase + "/protocol/openid-connect/certs"), Map.entry("useJwksUrl", "true"),
                        Map.entry("validateSignature", "true"), Map.entry("issuer", upBase),
                        Map.entry("defaultScope", "openid"), Map.entry("syncMode", "IMPORT"),
                        Map.entry("sendIdTokenOnLogout", "true"), Map.entry("storeTokenInSession", "true")));
    }

    /** Deletes both realms. */
    public void remove() {
        String admin = admin();
        Http.delete(adminUrl(up, ""), admin);
        Http.delete(adminUrl(down, ""), admin);
    }

    /** The upstream realm's name. */
    public String up() {
        return up;
    }

    /** The downstream realm's name (the one with the identity provider and the application credentials). */
    public String down() {
        return down;
    }

    public String admin() {
        return Demo.masterAdminToken(server);
    }

    public String adminUrl(String realm, String path) {
        return server.baseUrl() + "/admin/realms/" + realm + path;
    }

    /** Sets which providers down's policy trusts for second factors (the rest of the policy unchanged). */
    public void trust(Map<String, Object> trusted) {
        ObjectNode policy = policy();
        policy.set("trustedIdpMfa", Http.JSON.valueToTree(trusted));
        setPolicy(policy);
    }

    /** down's policy. */
    public ObjectNode policy() {
        Http.Resp r = Http.get(adminUrl(down, "/app-credentials/policy"), admin());
        assertEquals(200, r.status(), r.toString());
        return (ObjectNode) r.json();
    }

    public void setPolicy(JsonNode policy) {
        Http.Resp r = Http.putJson(adminUrl(down, "/app-credentials/policy"), admin(), policy);
        assertEquals(200, r.status(), r.toString());
    }

    /** A new user of up with a password ({@value #PASSWORD}) and, if asked, an authenticator app; returns the username. */
    public String upstreamUser(boolean withOtp) {
        String username = "fed-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> password = Map.of("type", "password", "value", PASSWORD, "temporary", false);
        List<Object> credentials = withOtp ? List.of(password, otp()) : List.of(password);
        Http.Resp r = Http.postJson(adminUrl(up, "/users"), admin(), Map.of("username", username, "enabled", true,
                "email", username + "@example.com", "emailVerified", true, "firstName", "Fed", "lastName", "User", "credentials", credentials));
        assertEquals(201, r.status(), r.toString());
        return username;
    }

    /** An authenticator app with the secret {@link Demo#TEST_TOTP}. */
    private static Map<String, Object> otp() {
        return Map.of("type", "otp", "userLabel", "phone", "secretData", "{\"value\":\"" + Demo.TEST_TOTP + "\"}",
                "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
    }

    public String upUserId(String username) {
        return userId(up, username);
    }

    /** The user's id in down (there once they signed in through up). */
    public String downUserId(String username) {
        return userId(down, username);
    }

    private String userId(String realm, String username) {
        JsonNode found = Http.get(adminUrl(realm, "/users?exact=true&username=" + username), admin()).json();
        assertEquals(1, found.size(), username + " in " + realm + ": " + found);
        return found.get(0).get("id").asText();
    }
}
