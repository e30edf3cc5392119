package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.BrowserSession;
import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.Kcadm;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.LoginPages;
import io.appcredentials.it.support.SecondFactors;
import io.appcredentials.it.support.TestClock;
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

    /**
     * The rest of the suite lets a TOTP code be used more than once (the demo realm's test adjustment, see
     * {@code Demo.prepareForTests}); here a realm of the test's own keeps Keycloak's default OTP policy, in which a
     * code is single-use. A fresh sign-in with a code steps up (the creation works, recording "otp"); the same code
     * sent again, within its period, is refused and gives no token, so a captured code is no second factor; a
     * password without a code is refused too; and the user's own next code steps up again.
     */
    @Test
    void aReplayedOtpCodeIsNoStepUpUnderKeycloaksDefaultOtpPolicy() {
        String admin = Demo.masterAdminToken(server);
        String realm = "otp-default-" + System.nanoTime();
        String realmUrl = server.baseUrl() + "/admin/realms/" + realm;
        Http.Resp made = Http.postJson(server.baseUrl() + "/admin/realms", admin, Map.of("realm", realm, "enabled", true));
        assertEquals(201, made.status(), made.toString());
        try {
            assertEquals(false, Http.get(realmUrl, admin).json().get("otpPolicyCodeReusable").asBoolean(),
                    "Keycloak's default OTP policy: codes are single-use");
            Map<String, Object> owner = Map.of("username", "owner", "enabled", true, "firstName", "Otp", "lastName", "Owner",
                    "email", "owner@example.com", "emailVerified", true,
                    "credentials", List.of(
                            Map.of("type", "password", "value", "password", "temporary", false),
                            Map.of("type", "otp", "userLabel", "phone", "secretData", "{\"value\":\"" + Demo.TEST_TOTP + "\"}",
                                    "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}")),
                    "realmRoles", List.of("default-roles-" + realm));
            Http.Resp imported = Http.postJson(realmUrl + "/partialImport", admin,
                    Map.of("ifResourceExists", "FAIL", "users", List.of(owner)));
            assertEquals(200, imported.status(), imported.toString());

            String code = Totp.now(Demo.TEST_TOTP);
            Http.Resp first = otpLogin(realm, code);
            assertEquals(200, first.status(), "the first use of the code: status " + first.status());
            Http.Resp created = Http.postJson(server.realmUrl(realm) + "/app-credentials", first.json().get("access_token").asText(),
                    Map.of("name", "stepped-up"));
            assertEquals(201, created.status(), created.toString());
            assertEquals("otp", created.json().get("mfa").asText());

            Http.Resp replayed = otpLogin(realm, code);
            assertEquals(400, replayed.status(), "the same code again must not step up (answer withheld: it may hold a token)");
            assertTrue(replayed.json().path("access_token").isMissingNode(), "no token for a replayed code");
            Http.Resp noCode = Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "password", "client_id", "admin-cli",
                    "username", "owner", "password", "password"), null, null);
            assertTrue(noCode.status() == 400 || noCode.status() == 401, "a password without a code: " + noCode);
            assertTrue(noCode.json().path("access_token").isMissingNode(), noCode.toString());

            // the next code (the following period's, accepted by the default look-ahead window) steps up again
            String next = Totp.next(Demo.TEST_TOTP);
            Http.Resp again = otpLogin(realm, next);
            assertEquals(200, again.status(), "a new code: status " + again.status());
        } finally {
            Http.delete(realmUrl, Demo.masterAdminToken(server));
        }
    }

    private Http.Resp otpLogin(String realm, String code) {
        return Http.postForm(server.tokenEndpoint(realm), Http.form("grant_type", "password", "client_id", "admin-cli",
                "username", "owner", "password", "password", "totp", code), null, null);
    }

    /**
     * The second factor's age is measured on the server's clock, which the test moves ({@link TestClock}) past the
     * policy's 60 s instead of waiting for them; the same token creates before the move (the control).
     */
    @Test
    void aStaleSessionGetsTheRfc9470ChallengeButMayStillListReadAndRevoke() {
        TestClock clock = new TestClock(server);
        JsonNode c = Demo.create(server, user.token(server), Map.of("name", "before-stale"));
        JsonNode before = Demo.setPolicy(server, Map.of("mfaMaxAgeSeconds", 60));
        try {
            String token = user.token(server);
            assertEquals(201, Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", "in-time")).status(),
                    "control: within the 60 s the token's second factor counts");
            clock.advance(Duration.ofSeconds(61));
            Http.Resp r = Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", "too-late"));
            assertEquals(401, r.status(), r.toString());
            String challenge = r.header("WWW-Authenticate");
            assertTrue(challenge.startsWith("Bearer error=\"insufficient_user_authentication\""), challenge);
            assertTrue(challenge.contains("error_description=\""), challenge);
            assertTrue(challenge.endsWith("max_age=60"), challenge);
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
            clock.reset();
        }
    }

    @Test
    void theChallengeNamesTheAcrWhenTheRealmMapsLevelsOfAuthentication() {
        TestClock clock = new TestClock(server);
        JsonNode before = Demo.setPolicy(server, Map.of("mfaMaxAgeSeconds", 60));
        Demo.updateRealm(server, realm -> realm.withObjectProperty("attributes").put("acr.loa.map", "{\"silver\":1,\"gold\":2}"));
        try {
            String token = user.token(server);
            clock.advance(Duration.ofSeconds(61));
            Http.Resp r = Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", "needs-gold"));
            assertEquals(401, r.status(), r.toString());
            assertTrue(r.header("WWW-Authenticate").contains("acr_values=\"gold\""), r.header("WWW-Authenticate"));
        } finally {
            Demo.updateRealm(server, realm -> realm.withObjectProperty("attributes").put("acr.loa.map", "{}"));
            Demo.restorePolicy(server, before);
            clock.reset();
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
        TestClock clock = new TestClock(server);
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
        // later second than the factor's set-up to count as proof with it (the server's clock moved on by one).
        clock.advance(Duration.ofSeconds(1));
        Http.Resp login = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", "password", "client_id", "admin-cli",
                "username", user.username(), "password", "password", "totp", Totp.next(newSecret)), null, null);
        assertEquals(200, login.status(), login.toString());
        String freshSession = login.json().get("access_token").asText();
        Http.Resp revived = Http.patchJson(url, freshSession, Map.of("state", "active"));
        assertEquals(200, revived.status(), revived.toString());
        assertEquals("active", revived.json().get("state").asText());
        assertEquals(200, Demo.clientCredentialsBasic(server, id, c.get("secret").asText()).status(), "the old secret works again");
        clock.reset(); // (after a failure, the harness resets it at the end of the class)
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

    /**
     * Recovery codes (Keycloak's {@code recovery-codes} feature, on by default) as a user's only second factor,
     * with the stock browser flow's recovery-code form switched on: the user sets them up through Keycloak's
     * required action. A session that proved only the password (the one the codes were set up in, and the
     * password grant, whose stock flow asks only for an OTP the user does not have) gets the step-up challenge,
     * not a credential and not "set one up"; a sign-in with a recovery code as the second factor creates one,
     * recorded as such.
     */
    @Test
    void aSignInWithARecoveryCodeCanCreateAndAPasswordOnlySessionOfTheSameUserIsChallenged() throws Exception {
        Demo.TestUser codesUser = SecondFactors.newUserWithoutSecondFactor(server, "CONFIGURE_RECOVERY_AUTHN_CODES");
        try (AutoCloseable flow = SecondFactors.enableInBrowserFlow(server, SecondFactors.RECOVERY_CODES)) {
            List<String> codes = new ArrayList<>();
            Http.Resp setUp = new BrowserSession(server).signIn(Demo.REALM, "account-console", SecondFactors.accountConsoleRedirect(server),
                    Map.of(), SecondFactors.passwordThenSetUpRecoveryCodes(codesUser.username(), codes));
            assertEquals(200, setUp.status(), setUp.toString());
            assertTrue(codes.size() >= 2, "Keycloak generated recovery codes: " + codes.size());
            assertEquals(List.of("password", "recovery-authn-codes"),
                    SecondFactors.credentialTypes(server, codesUser.id()).stream().sorted().toList());

            // the user HAS a second factor, but these sessions did not use it
            assertStepUpChallenge(setUp.json().get("access_token").asText(), "the session the codes were set up in (password only)");
            assertStepUpChallenge(Demo.token(server, codesUser.username(), "password", null), "a password grant");

            List<Integer> asked = new ArrayList<>();
            Http.Resp login = new BrowserSession(server).signIn(Demo.REALM, "account-console", SecondFactors.accountConsoleRedirect(server),
                    Map.of(), SecondFactors.passwordThenRecoveryCode(codesUser.username(), codes, asked));
            assertEquals(200, login.status(), login.toString());
            assertEquals(1, asked.size(), "Keycloak asked for one recovery code: " + asked);
            Http.Resp created = Http.postJson(Demo.credentialsUrl(server), login.json().get("access_token").asText(),
                    Map.of("name", "by-recovery-code"));
            assertEquals(201, created.status(), created.toString());
            assertEquals("recovery-code", created.json().get("mfa").asText(), created.toString());
            assertEquals(200, Demo.clientCredentialsBasic(server, created.json().get("id").asText(),
                    created.json().get("secret").asText()).status(), "the credential works");
        }
    }

    /**
     * A user with an authenticator app signs in through a client that an administrator bound to a password-only
     * direct-grant flow (a copy of the stock one without its OTP step): Keycloak issues the token, but that session
     * proved no second factor, so the API answers the RFC 9470 step-up challenge, not 201.
     */
    @Test
    void aTokenFromAPasswordOnlyFlowOfAUserWithAnOtpGetsTheStepUpChallenge() {
        passwordOnlyDirectGrant(false);
    }

    /**
     * Keycloak's "Conditional OTP Form" records itself as completed when its skip rules let the user through without
     * a code (here its default outcome "skip"). That is no second factor: the session gets the step-up challenge.
     */
    @Test
    void aConditionalOtpFormThatSkippedTheCodeIsNoSecondFactor() {
        passwordOnlyDirectGrant(true);
    }

    /**
     * A user with an authenticator app signs in through a client that an administrator bound to a copy of the stock
     * direct-grant flow without its OTP step (or, with {@code skippingConditionalOtp}, with a Conditional OTP Form in
     * its place that skips the code): Keycloak issues the token, but that session proved no second factor, so the API
     * answers the RFC 9470 step-up challenge, not 201.
     */
    private void passwordOnlyDirectGrant(boolean skippingConditionalOtp) {
        String admin = Demo.masterAdminToken(server);
        String realmAdmin = server.baseUrl() + "/admin/realms/" + Demo.REALM;
        String flowName = "password-only-" + System.nanoTime();
        assertEquals(201, Http.postJson(realmAdmin + "/authentication/flows/direct%20grant/copy", admin, Map.of("newName", flowName)).status());
        String flowId = null;
        for (JsonNode f : Http.get(realmAdmin + "/authentication/flows", admin).json()) {
            if (flowName.equals(f.get("alias").asText())) {
                flowId = f.get("id").asText();
            }
        }
        assertTrue(flowId != null, "the copied flow");
        String clientUrl = null;
        try {
            boolean removedOtp = false;
            for (JsonNode e : Http.get(realmAdmin + "/authentication/flows/" + flowName + "/executions", admin).json()) {
                if (e.path("authenticationFlow").asBoolean() && e.path("level").asInt() == 0) {
                    assertEquals(204, Http.delete(realmAdmin + "/authentication/executions/" + e.get("id").asText(), admin).status());
                    removedOtp = true;
                }
            }
            assertTrue(removedOtp, "the copy's conditional OTP sub-flow removed");
            if (skippingConditionalOtp) {
                String executions = realmAdmin + "/authentication/flows/" + flowName + "/executions";
                assertEquals(201, Http.postJson(executions + "/execution", admin, Map.of("provider", "auth-conditional-otp-form")).status());
                JsonNode added = null;
                for (JsonNode e : Http.get(executions, admin).json()) {
                    if ("auth-conditional-otp-form".equals(e.path("providerId").asText())) {
                        added = e;
                    }
                }
                assertTrue(added != null, "the Conditional OTP Form in the flow");
                assertEquals(204, Http.putJson(executions, admin, ((com.fasterxml.jackson.databind.node.ObjectNode) added.deepCopy())
                        .put("requirement", "REQUIRED")).status());
                assertEquals(201, Http.postJson(realmAdmin + "/authentication/executions/" + added.get("id").asText() + "/config", admin,
                        Map.of("alias", "skip-" + System.nanoTime(), "config", Map.of("defaultOtpOutcome", "skip"))).status());
            }
            String clientId = "legacy-" + System.nanoTime();
            Http.Resp client = Http.postJson(realmAdmin + "/clients", admin, Map.of("clientId", clientId, "publicClient", true,
                    "standardFlowEnabled", false, "directAccessGrantsEnabled", true, "fullScopeAllowed", true,
                    "authenticationFlowBindingOverrides", Map.of("direct_grant", flowId)));
            assertEquals(201, client.status(), client.toString());
            clientUrl = client.header("Location");

            Http.Resp login = Http.postForm(server.tokenEndpoint(Demo.REALM), Http.form("grant_type", "password", "client_id", clientId,
                    "username", user.username(), "password", "password"), null, null);
            assertEquals(200, login.status(), "no OTP asked: " + login);
            assertStepUpChallenge(login.json().get("access_token").asText(), skippingConditionalOtp
                    ? "a session whose Conditional OTP Form skipped the code" : "a password-only session of a user with an OTP");
            // the same user through the stock flow, with the OTP: created
            assertEquals(201, Http.postJson(Demo.credentialsUrl(server), user.token(server),
                    Map.of("name", "with-otp-" + System.nanoTime())).status());
        } finally {
            if (clientUrl != null) {
                assertEquals(204, Http.delete(clientUrl, Demo.masterAdminToken(server)).status());
            }
            assertEquals(204, Http.delete(realmAdmin + "/authentication/flows/" + flowId, Demo.masterAdminToken(server)).status());
        }
    }

    /**
     * An administrator brings suspended credentials back through the admin API: once the owner has a second factor
     * again (a new authenticator app, set up through Keycloak's required action), {@code PATCH} with
     * {@code "state":"active"} reactivates one and {@code kcadm.sh update … -s state=active} (the realm's own admin,
     * whole-representation {@code PUT}) the other; their old secrets work again. The new factor alone revives neither.
     */
    @Test
    void anAdministratorReactivatesASuspendedCredentialThroughTheAdminApi() throws Exception {
        String owner = user.token(server);
        JsonNode c = Demo.create(server, owner, Map.of("name", "admin-brings-back"));
        JsonNode viaKcadm = Demo.create(server, owner, Map.of("name", "kcadm-brings-back"));
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        String adminUrl = Demo.adminCredentialsUrl(server) + "/" + id;
        String kcadmUrl = Demo.adminCredentialsUrl(server) + "/" + viaKcadm.get("id").asText();
        removeOtp(user.id());
        for (String url : List.of(adminUrl, kcadmUrl)) {
            assertEquals("suspended", Http.get(url, Demo.masterAdminToken(server)).json().get("state").asText());
        }
        assertEquals(401, Demo.clientCredentialsBasic(server, id, secret).status());

        Demo.updateUser(server, user.id(), rep -> rep.putArray("requiredActions").add("CONFIGURE_TOTP"));
        new LoginPages(server, Demo.REALM).signInAndSetUpTotp(user.username(), "password");
        assertEquals("suspended", Http.get(adminUrl, Demo.masterAdminToken(server)).json().get("state").asText(), "not revived by the new factor alone");
        assertEquals(401, Demo.clientCredentialsBasic(server, id, secret).status());

        Http.Resp reactivated = Http.patchJson(adminUrl, Demo.masterAdminToken(server), Map.of("state", "active"));
        assertEquals(200, reactivated.status(), reactivated.toString());
        assertEquals("active", reactivated.json().get("state").asText());
        assertEquals("active", Http.get(adminUrl, Demo.masterAdminToken(server)).json().get("state").asText());
        assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "the old secret works again");

        java.nio.file.Path config = java.nio.file.Files.createTempFile("kcadm-reactivate", ".config");
        java.nio.file.Files.delete(config);
        try {
            String cfg = "--config=" + config;
            Kcadm.run(server, "config", "credentials", "--server", server.baseUrl(), "--realm", Demo.REALM,
                    "--user", Demo.DEMO_ADMIN, "--password", Demo.DEMO_ADMIN_PASSWORD, cfg).assertOk();
            Kcadm.run(server, "update", "app-credentials/" + viaKcadm.get("id").asText(), "-r", Demo.REALM, "-s", "state=active", cfg).assertOk();
        } finally {
            java.nio.file.Files.deleteIfExists(config);
        }
        assertEquals("active", Http.get(kcadmUrl, Demo.masterAdminToken(server)).json().get("state").asText());
        assertEquals(200, Demo.clientCredentialsBasic(server, viaKcadm.get("id").asText(), viaKcadm.get("secret").asText()).status(),
                "the other old secret works again");
    }

    private void assertStepUpChallenge(String token, String what) {
        Http.Resp r = Http.postJson(Demo.credentialsUrl(server), token, Map.of("name", "unproven-" + System.nanoTime()));
        assertEquals(401, r.status(), what + ": " + r);
        String challenge = r.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Bearer error=\"insufficient_user_authentication\""), what + ": " + challenge);
        assertTrue(challenge.contains("max_age=300"), what + ": the policy's mfaMaxAgeSeconds: " + challenge);
        assertEquals("insufficient_user_authentication", r.json().get("error").asText(), r.toString());
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
