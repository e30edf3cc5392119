package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * "Credentials only work with client_credentials" (README, SPEC 3), grant by grant and endpoint by endpoint, and
 * the credential's application switched off or removed (issue 18).
 *
 * <p>Already covered elsewhere, not repeated here: the password grant as the credential
 * ({@code ToolAuthenticationIT#credentialsCannotBeUsedWithOtherGrants}); a swapped ID and secret at the token,
 * introspection and revocation endpoints ({@code ScopeBoundaryIT#aSwappedIdAndSecretIsRefusedAndTheSecretLandsInNoLogAndNoEvent});
 * a credential's <em>token</em> as subject or actor of a token exchange and in UMA grants
 * ({@code ScopeBoundaryIT#tokenExchangeRefusesACredentialTokenAsSubjectOrActor}, {@code #umaGrantsRefuseACredentialToken}).
 * Here the credential itself (right ID, right secret) authenticates as the client of every other grant and of
 * every other endpoint that authenticates clients, and each is refused with the same specific answer.
 */
@ExtendWith(TestServer.class)
class OtherGrantsIT {

    static final String ONLY_CLIENT_CREDENTIALS = "Application credentials can only be used with grant_type=client_credentials at the token endpoint";
    static final String APPLICATION_OFF = "The credential's application is disabled or removed";
    private static final String GENERIC = "Invalid client or Invalid client credentials";

    private final KeycloakServer server = TestServer.server();
    private final Demo.TestUser owner = Demo.aliceLike(server);

    private String oidc(String path) {
        return server.realmUrl(Demo.REALM) + "/protocol/openid-connect" + path;
    }

    private String admin() {
        return Demo.masterAdminToken(server);
    }

    private String realmAdmin(String path) {
        return server.baseUrl() + "/admin/realms/" + Demo.REALM + path;
    }

    private static void assertOnlyClientCredentials(String what, Http.Resp r) {
        assertEquals(401, r.status(), what + ": " + r);
        JsonNode body = r.json();
        assertEquals("invalid_client", body.get("error").asText(), what + ": " + r);
        assertEquals(ONLY_CLIENT_CREDENTIALS, body.get("error_description").asText(), what + ": " + r);
        assertNull(body.get("access_token"), what);
        assertNull(body.get("device_code"), what);
        assertNull(body.get("auth_req_id"), what);
        assertNull(body.get("request_uri"), what);
        assertNull(body.get("active"), what);
    }

    @Test
    void everyOtherGrantAndClientEndpointRefusesTheCredentialAsItsClient() {
        JsonNode c = Demo.create(server, owner.token(server), Map.of("name", "grants-" + System.nanoTime(),
                "clientRoles", Map.of("my-api", List.of("reader"))));
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();

        // client credentials gives no refresh token to refresh with; a user's refresh token (admin-cli) is used instead
        Http.Resp issued = Demo.clientCredentialsBasic(server, id, secret);
        assertEquals(200, issued.status(), "control: the credential works: " + issued);
        assertNull(issued.json().get("refresh_token"), "no refresh token from a credential");
        Http.Resp userLogin = Demo.settledLogin(server, owner.username(), "password", Demo.TEST_TOTP);
        assertEquals(200, userLogin.status(), userLogin.toString());
        String userRefresh = userLogin.json().get("refresh_token").asText();
        String userAccess = userLogin.json().get("access_token").asText();
        String credentialToken = issued.json().get("access_token").asText();

        Map<String, Map<String, String>> grants = new LinkedHashMap<>();
        grants.put("refresh_token (a user's)", Http.form("grant_type", "refresh_token", "refresh_token", userRefresh));
        grants.put("refresh_token (made up)", Http.form("grant_type", "refresh_token", "refresh_token", "not-a-refresh-token"));
        grants.put("authorization_code", Http.form("grant_type", "authorization_code", "code", "made-up-code",
                "redirect_uri", "http://localhost/callback"));
        grants.put("device_code", Http.form("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "device_code", "made-up"));
        grants.put("ciba", Http.form("grant_type", "urn:openid:params:grant-type:ciba", "auth_req_id", "made-up"));
        grants.put("token-exchange as the client", Http.form("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", userAccess, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token"));
        grants.put("token-exchange of its own token", Http.form("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", credentialToken, "subject_token_type", "urn:ietf:params:oauth:token-type:access_token", "audience", "my-api"));
        grants.put("uma-ticket as the client", Http.form("grant_type", "urn:ietf:params:oauth:grant-type:uma-ticket", "audience", "my-api"));
        grants.put("password", Http.form("grant_type", "password", "username", owner.username(), "password", "password"));
        // every case is sent and checked even when another fails, so that a failure shows each door that opened
        List<Executable> checks = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> g : grants.entrySet()) {
            checks.add(() -> assertOnlyClientCredentials(g.getKey() + " (basic)",
                    Http.postForm(server.tokenEndpoint(Demo.REALM), g.getValue(), id, secret)));
            Map<String, String> post = new LinkedHashMap<>(g.getValue());
            post.put("client_id", id);
            post.put("client_secret", secret);
            checks.add(() -> assertOnlyClientCredentials(g.getKey() + " (post)", Http.postForm(server.tokenEndpoint(Demo.REALM), post, null, null)));
        }

        // the other endpoints that authenticate a client
        checks.add(() -> assertOnlyClientCredentials("device authorization",
                Http.postForm(oidc("/auth/device"), Http.form("scope", "openid"), id, secret)));
        checks.add(() -> assertOnlyClientCredentials("CIBA authentication request", Http.postForm(oidc("/ext/ciba/auth"),
                Http.form("scope", "openid", "login_hint", owner.username()), id, secret)));
        checks.add(() -> {
            // Keycloak's PAR endpoint answers every failed client authentication with its own words
            Http.Resp par = Http.postForm(oidc("/ext/par/request"),
                    Http.form("response_type", "code", "scope", "openid", "redirect_uri", "http://localhost/callback"), id, secret);
            assertEquals(401, par.status(), "pushed authorization request: " + par);
            assertEquals("invalid_request", par.json().get("error").asText(), par.toString());
            assertEquals("Authentication failed.", par.json().get("error_description").asText(), par.toString());
            assertNull(par.json().get("request_uri"), par.toString());
        });
        checks.add(() -> assertOnlyClientCredentials("introspection as the credential", Http.postForm(oidc("/token/introspect"),
                Http.form("token", credentialToken), id, secret)));
        checks.add(() -> assertOnlyClientCredentials("revocation as the credential", Http.postForm(oidc("/revoke"),
                Http.form("token", credentialToken), id, secret)));
        assertAll(checks);
        assertEquals(200, Http.get(oidc("/userinfo"), credentialToken).status(), "nothing above revoked the credential's token");

        // the authorization endpoint knows no client by that ID: an error page, no login form for it
        String auth = oidc("/auth?response_type=code&scope=openid&client_id=" + id
                + "&redirect_uri=" + URLEncoder.encode("http://localhost/callback", StandardCharsets.UTF_8));
        Http.Resp login = Http.get(auth, null);
        assertEquals(400, login.status(), login.toString());
        assertTrue(login.body().contains("Client not found"), login.body());
        assertFalse(login.body().contains("name=\"password\""), "a login form for the credential");
        assertNull(login.header("Location"), "no redirect anywhere");

        assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "control: still works with client_credentials");
    }

    // ------------------------------------------------------------------------------------------- the application

    /**
     * A credential's application (a separate client allowed by policy, so that the demo's default application is
     * never touched) switched off: the right secret is told "The credential's application is disabled or removed",
     * a wrong one gets the generic answer; switched on again, the credential works again.
     */
    @Test
    void aDisabledApplicationRefusesItsCredentialsAndEnablingItRestoresThem() {
        String clientId = "app-off-" + System.nanoTime();
        String clientUuid = createApplication(clientId);
        JsonNode policy = Demo.setPolicy(server, Map.of("allowedClients", List.of("app-credentials", clientId)));
        try {
            JsonNode c = Demo.create(server, owner.token(server), Map.of("name", "on-" + clientId, "clientId", clientId));
            String id = c.get("id").asText();
            String secret = c.get("secret").asText();
            Http.Resp ok = Demo.clientCredentialsBasic(server, id, secret);
            assertEquals(200, ok.status(), ok.toString());
            assertEquals(clientId, Http.claims(ok.json().get("access_token").asText()).get("azp").asText());

            setEnabled(clientUuid, false);
            Http.Resp off = Demo.clientCredentialsBasic(server, id, secret);
            assertEquals(401, off.status(), off.toString());
            assertEquals("invalid_client", off.json().get("error").asText());
            assertEquals(APPLICATION_OFF, off.json().get("error_description").asText(), off.toString());
            Http.Resp wrong = Demo.clientCredentialsBasic(server, id, KeyAndSecretIT.wellFormedSecret());
            assertEquals(401, wrong.status());
            assertEquals(GENERIC, wrong.json().get("error_description").asText(), "no state told without the secret: " + wrong);

            setEnabled(clientUuid, true);
            assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "the application enabled again");
        } finally {
            Demo.restorePolicy(server, policy);
            Http.delete(realmAdmin("/clients/" + clientUuid), admin());
        }
    }

    /**
     * A credential's application removed: its credentials go with it (database cascade) and are refused. One that
     * this node still holds in its token-path cache is refused with the documented reason; one that it does not is
     * gone entirely and answered as an unknown ID.
     */
    @Test
    void aRemovedApplicationTakesItsCredentialsWithIt() {
        String clientId = "app-gone-" + System.nanoTime();
        String clientUuid = createApplication(clientId);
        JsonNode policy = Demo.setPolicy(server, Map.of("allowedClients", List.of("app-credentials", clientId)));
        try {
            JsonNode used = Demo.create(server, owner.token(server), Map.of("name", "used-" + clientId, "clientId", clientId));
            JsonNode unused = Demo.create(server, owner.token(server), Map.of("name", "unused-" + clientId, "clientId", clientId));
            assertEquals(200, Demo.clientCredentialsBasic(server, used.get("id").asText(), used.get("secret").asText()).status());

            assertEquals(204, Http.delete(realmAdmin("/clients/" + clientUuid), admin()).status());
            for (JsonNode c : List.of(used, unused)) {
                assertEquals(404, Http.get(Demo.adminCredentialsUrl(server) + "/" + c.get("id").asText(), admin()).status(),
                        "the credential went with its application");
            }
            Http.Resp usedAnswer = Demo.clientCredentialsBasic(server, used.get("id").asText(), used.get("secret").asText());
            assertEquals(401, usedAnswer.status(), usedAnswer.toString());
            assertEquals("invalid_client", usedAnswer.json().get("error").asText());
            assertEquals(APPLICATION_OFF, usedAnswer.json().get("error_description").asText(), usedAnswer.toString());
            Http.Resp unusedAnswer = Demo.clientCredentialsBasic(server, unused.get("id").asText(), unused.get("secret").asText());
            assertEquals(401, unusedAnswer.status(), unusedAnswer.toString());
            assertEquals(GENERIC, unusedAnswer.json().get("error_description").asText(), unusedAnswer.toString());
        } finally {
            Demo.restorePolicy(server, policy);
            Http.delete(realmAdmin("/clients/" + clientUuid), admin());
        }
    }

    /** A confidential OIDC client with client-secret authentication, as the policy's allowedClients requires. */
    private String createApplication(String clientId) {
        Http.Resp r = Http.postJson(realmAdmin("/clients"), admin(), Map.of("clientId", clientId, "protocol", "openid-connect",
                "publicClient", false, "clientAuthenticatorType", "client-secret", "standardFlowEnabled", false,
                "serviceAccountsEnabled", false));
        assertEquals(201, r.status(), r.toString());
        return r.header("Location").substring(r.header("Location").lastIndexOf('/') + 1);
    }

    private void setEnabled(String clientUuid, boolean enabled) {
        String admin = admin();
        ObjectNode client = (ObjectNode) Http.get(realmAdmin("/clients/" + clientUuid), admin).json();
        client.put("enabled", enabled);
        assertEquals(204, Http.putJson(realmAdmin("/clients/" + clientUuid), admin, client).status());
    }
}
