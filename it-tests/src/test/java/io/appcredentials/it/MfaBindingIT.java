package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.LoginPages;
import io.appcredentials.it.support.TestServer;
import io.appcredentials.it.support.Totp;

/** MFA binding: step-up to create, suspension when the second factor goes (issue 5). */
@ExtendWith(TestServer.class)
class MfaBindingIT {

    private final KeycloakServer server = TestServer.server();
    private final Demo.TestUser user = Demo.aliceLike(server);

    @Test
    void aFreshOtpLoginCanCreateAndTheFactorIsRecorded() {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "vouched"));
        assertEquals("otp", c.get("mfa").asText());
    }

    @Test
    void aStaleSessionGetsTheRfc9470ChallengeButMayStillListReadAndRevoke() throws InterruptedException {
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "before-stale"));
        JsonNode before = Demo.setPolicy(server, Map.of("mfaMaxAgeSeconds", 10));
        try {
            String token = user.token(server);
            Thread.sleep(11_500);
            Http.Resp r = Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", "too-late"));
            assertEquals(401, r.status(), r.toString());
            String challenge = r.header("WWW-Authenticate");
            assertTrue(challenge.startsWith("Bearer error=\"insufficient_user_authentication\""), challenge);
            assertTrue(challenge.contains("error_description=\""), challenge);
            assertTrue(challenge.endsWith("max_age=10"), challenge);
            String url = Demo.credentialsUrl(server) + "/" + c.get("id").asText();
            assertEquals(401, Http.postJson(url + "/regenerate", token, Map.of()).status());
            assertEquals(401, Http.postJson(url + "/renew", token, Map.of()).status());
            assertEquals(200, Http.get(Demo.credentialsUrl(server), token).status());
            assertEquals(200, Http.get(url, token).status());
            assertEquals(200, Http.patchJson(url, token, Map.of("description", "still editable")).status());
            assertEquals(204, Http.delete(url, token).status());
            // a fresh second-factor login satisfies it again
            assertEquals(201, Http.postJson(Demo.credentialsUrl(server), user.token(server), Map.of("name", "fresh-again")).status());
        } finally {
            Demo.restorePolicy(server, before);
        }
    }

    @Test
    void theChallengeNamesTheAcrWhenTheRealmMapsLevelsOfAuthentication() throws InterruptedException {
        JsonNode before = Demo.setPolicy(server, Map.of("mfaMaxAgeSeconds", 10));
        Demo.updateRealm(server, realm -> realm.withObjectProperty("attributes").put("acr.loa.map", "{\"silver\":1,\"gold\":2}"));
        try {
            String token = user.token(server);
            Thread.sleep(11_500);
            Http.Resp r = Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", "needs-gold"));
            assertEquals(401, r.status(), r.toString());
            assertTrue(r.header("WWW-Authenticate").contains("acr_values=\"gold\""), r.header("WWW-Authenticate"));
        } finally {
            Demo.updateRealm(server, realm -> realm.withObjectProperty("attributes").put("acr.loa.map", "{}"));
            Demo.restorePolicy(server, before);
        }
    }

    @Test
    void aUserWithoutASecondFactorIsToldToSetOneUp() {
        String bob = Demo.token(server, Demo.BOB, Demo.BOB_PASSWORD, null);
        Http.Resp r = Http.postJson(Demo.credentialsUrl(server), bob, Map.of("name", "bobs"));
        assertEquals(403, r.status(), r.toString());
        assertEquals("mfa_not_configured", r.json().get("error").asText());
        assertTrue(r.json().get("errorMessage").asText().contains("Signing in"), r.toString());
    }

    @Test
    void requireMfaFalseTurnsTheBindingOff() {
        JsonNode before = Demo.setPolicy(server, Map.of("requireMfa", false));
        try {
            String bob = Demo.token(server, Demo.BOB, Demo.BOB_PASSWORD, null);
            Http.Resp r = Http.postJson(Demo.credentialsUrl(server), bob, Map.of("name", "bob-" + System.nanoTime()));
            assertEquals(201, r.status(), r.toString());
            assertTrue(r.json().get("mfa").isNull());
            assertEquals(204, Http.delete(Demo.credentialsUrl(server) + "/" + r.json().get("id").asText(), bob).status());
        } finally {
            Demo.restorePolicy(server, before);
        }
    }

    @Test
    void removingTheLastSecondFactorThroughTheAdminApiSuspendsTheCredentials() {
        String userToken = user.token(server);
        JsonNode c1 = Demo.create(server, userToken, Map.of("name", "one"));
        JsonNode c2 = Demo.create(server, userToken, Map.of("name", "two"));
        String accessToken = Demo.clientCredentialsBasic(server, c1.get("id").asText(), c1.get("secret").asText()).json().get("access_token").asText();

        removeOtp(user.id());

        for (JsonNode c : List.of(c1, c2)) {
            JsonNode read = Http.get(Demo.credentialsUrl(server) + "/" + c.get("id").asText(), userToken).json();
            assertEquals("suspended", read.get("state").asText(), read.toString());
            Http.Resp refused = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText());
            assertEquals(401, refused.status());
            assertTrue(refused.json().get("error_description").asText().contains("suspended"), refused.toString());
        }
        assertEquals(401, Http.get(server.realmUrl(Demo.REALM) + "/protocol/openid-connect/userinfo", accessToken).status(),
                "tokens issued before the suspension stop working too");
        Http.Resp introspected = Http.postForm(server.tokenEndpoint(Demo.REALM) + "/introspect", Http.form("token", accessToken), "my-api", "my-api-secret");
        assertEquals(200, introspected.status(), introspected.toString());
        assertEquals(false, introspected.json().get("active").asBoolean(), "introspection: inactive once suspended");

        // not silently revived: reactivating needs a second factor, which the owner no longer has
        Http.Resp revive = Http.patchJson(Demo.credentialsUrl(server) + "/" + c1.get("id").asText(), userToken, Map.of("state", "active"));
        assertEquals(403, revive.status(), revive.toString());
        assertEquals("mfa_not_configured", revive.json().get("error").asText());
        Http.Resp sideways = Http.patchJson(Demo.credentialsUrl(server) + "/" + c1.get("id").asText(), userToken, Map.of("state", "disabled"));
        assertEquals(403, sideways.status(), "no way around it through 'disabled': " + sideways);
        assertEquals("suspended", Http.get(Demo.credentialsUrl(server) + "/" + c1.get("id").asText(), userToken).json().get("state").asText());
    }

    /**
     * The way back: the user sets up a new authenticator app through Keycloak's required action in the login
     * pages. That does not revive the suspended credential; proof from a session older than the new factor is
     * not enough either; a fresh login with the new factor is, and the credential's old secret works again.
     */
    @Test
    void aNewFactorAndAFreshLoginWithItReactivateASuspendedCredential() {
        String oldSession = user.token(server);
        JsonNode c = Demo.create(server, oldSession, Map.of("name", "comes-back"));
        String id = c.get("id").asText();
        String url = Demo.credentialsUrl(server) + "/" + id;
        removeOtp(user.id());
        assertEquals("suspended", Http.get(url, oldSession).json().get("state").asText());

        String admin = Demo.masterAdminToken(server);
        String userUrl = server.baseUrl() + "/admin/realms/demo/users/" + user.id();
        ObjectNode rep = (ObjectNode) Http.get(userUrl, admin).json();
        rep.putArray("requiredActions").add("CONFIGURE_TOTP");
        assertEquals(204, Http.putJson(userUrl, admin, rep).status());
        String newSecret = new LoginPages(server, Demo.REALM).signInAndSetUpTotp(user.username(), "password");
        boolean hasOtp = false;
        for (JsonNode cred : Http.get(userUrl + "/credentials", admin).json()) {
            hasOtp |= "otp".equals(cred.get("type").asText());
        }
        assertTrue(hasOtp, "the user has an authenticator app again");

        assertEquals("suspended", Http.get(url, oldSession).json().get("state").asText(), "not silently revived");
        assertEquals(401, Demo.clientCredentialsBasic(server, id, c.get("secret").asText()).status());

        Http.Resp stale = Http.patchJson(url, oldSession, Map.of("state", "active"));
        assertEquals(401, stale.status(), "proof from before the new factor does not count: " + stale);
        assertTrue(stale.header("WWW-Authenticate").contains("insufficient_user_authentication"), stale.toString());
        assertTrue(stale.header("WWW-Authenticate").contains("max_age=0"), stale.toString());

        // Keycloak records when a factor was set up and when it was used in whole seconds: proof must come from a
        // later second than the factor's set-up to count as proof with it.
        sleepPastTheSecond();
        Http.Resp login = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", "password", "client_id", "admin-cli",
                "username", user.username(), "password", "password", "totp", Totp.next(newSecret)), null, null);
        assertEquals(200, login.status(), login.toString());
        String freshSession = login.json().get("access_token").asText();
        Http.Resp revived = Http.patchJson(url, freshSession, Map.of("state", "active"));
        assertEquals(200, revived.status(), revived.toString());
        assertEquals("active", revived.json().get("state").asText());
        assertEquals(200, Demo.clientCredentialsBasic(server, id, c.get("secret").asText()).status(), "the old secret works again");
    }

    @Test
    void onMfaRemovedRevokeRevokesAndKeepKeeps() {
        JsonNode before = Demo.setPolicy(server, Map.of("onMfaRemoved", "revoke"));
        try {
            JsonNode c = Demo.create(server, user.token(server), Map.of("name", "to-be-revoked"));
            removeOtp(user.id());
            JsonNode read = Http.get(Demo.adminCredentialsUrl(server) + "/" + c.get("id").asText(), Demo.masterAdminToken(server)).json();
            assertEquals("revoked", read.get("state").asText());
        } finally {
            Demo.restorePolicy(server, before);
        }
        Demo.TestUser other = Demo.aliceLike(server);
        JsonNode keep = Demo.setPolicy(server, Map.of("onMfaRemoved", "keep"));
        JsonNode c;
        try {
            c = Demo.create(server, other.token(server), Map.of("name", "kept"));
            removeOtp(other.id());
            assertEquals(200, Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status(), "kept");
        } finally {
            Demo.restorePolicy(server, keep);
        }
        // The policy changes to "suspend" without any removal event: the token path enforces it by itself.
        Http.Resp refused = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText());
        assertEquals(401, refused.status(), refused.toString());
        assertTrue(refused.json().get("error_description").asText().contains("suspended"), refused.toString());
        JsonNode read = Http.get(Demo.adminCredentialsUrl(server) + "/" + c.get("id").asText(), Demo.masterAdminToken(server)).json();
        assertEquals("suspended", read.get("state").asText());
    }

    private static void sleepPastTheSecond() {
        try {
            Thread.sleep(1100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void removeOtp(String userId) {
        String admin = Demo.masterAdminToken(server);
        String base = server.baseUrl() + "/admin/realms/demo/users/" + userId + "/credentials";
        for (JsonNode cred : Http.get(base, admin).json()) {
            if ("otp".equals(cred.get("type").asText())) {
                assertEquals(204, Http.delete(base + "/" + cred.get("id").asText(), admin).status());
            }
        }
    }
}
