package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appcredentials.it.support.BrokeredRealms;
import io.appcredentials.it.support.BrowserSession;
import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestClock;
import io.appcredentials.it.support.TestServer;

/**
 * A second factor done at an upstream identity provider (issue 19). Two realms on the test server: "up" signs users
 * in with password + TOTP and writes amr into its ID tokens; "down" brokers it over OIDC. Users of "down" have no
 * local second factor: what counts is the upstream ID token Keycloak's broker keeps in the session, and only where
 * down's policy trusts "up". Driven through the real login pages of both realms; the realms are set up by
 * {@link BrokeredRealms}.
 */
@ExtendWith(TestServer.class)
class UpstreamMfaIT {

    private static final String CLI_REDIRECT = BrokeredRealms.CLI_REDIRECT;
    private static final Map<String, Object> TRUST_UP_OTP = BrokeredRealms.TRUST_UP_OTP;
    private static KeycloakServer server;
    private static BrokeredRealms realms;
    private static String up;
    private static String down;

    private static String admin() {
        return realms.admin();
    }

    private static String adminUrl(String realm, String path) {
        return realms.adminUrl(realm, path);
    }

    @BeforeAll
    static void twoRealms() {
        server = TestServer.server();
        realms = BrokeredRealms.create(server);
        up = realms.up();
        down = realms.down();
    }

    private static void trust(Map<String, Object> trusted) {
        realms.trust(trusted);
    }

    @AfterAll
    static void removeRealms() {
        if (realms != null) {
            realms.remove();
        }
    }

    private static String upstreamUser(boolean withOtp) {
        return realms.upstreamUser(withOtp);
    }

    /** Signs in to down's "cli" through up (the page handler answers up's login pages); returns the access token. */
    private static String signInThroughUp(String username, boolean withOtp, boolean again) {
        BrowserSession browser = new BrowserSession(server);
        Map<String, String> params = again ? Map.of("kc_idp_hint", "up", "prompt", "login") : Map.of("kc_idp_hint", "up");
        Http.Resp tokens = browser.signIn(down, "cli", CLI_REDIRECT, params,
                BrowserSession.passwordAndOtp(username, "password", withOtp ? Demo.TEST_TOTP : null));
        assertEquals(200, tokens.status(), tokens.toString());
        return tokens.json().get("access_token").asText();
    }

    private static Http.Resp create(String token, String name) {
        return Http.postJson(server.realmUrl(down) + "/app-credentials", token, Map.of("name", name));
    }

    private static String downUserId(String username) {
        return realms.downUserId(username);
    }

    @Test
    void aTrustedUpstreamSecondFactorLetsABrokeredUserCreateCredentials() {
        String username = upstreamUser(true);
        String token = signInThroughUp(username, true, false);
        JsonNode options = Http.get(server.realmUrl(down) + "/app-credentials/options", token).json();
        assertEquals("identity-provider", options.get("secondFactor").get("source").asText(), options.toString());
        assertEquals("up", options.get("secondFactor").get("identityProvider").asText());
        assertTrue(options.get("secondFactor").get("configured").asBoolean());

        Http.Resp created = create(token, "via-upstream");
        assertEquals(201, created.status(), created.toString());
        assertEquals("idp:up:otp", created.json().get("mfa").asText());
        Http.Resp issued = Http.postForm(server.tokenEndpoint(down), Http.form("grant_type", "client_credentials"),
                created.json().get("id").asText(), created.json().get("secret").asText());
        assertEquals(200, issued.status(), issued.toString());
    }

    @Test
    void anUntrustedProviderCountsForNothing() {
        String username = upstreamUser(true);
        trust(Map.of());
        try {
            String token = signInThroughUp(username, true, false);
            Http.Resp refused = create(token, "not-trusted");
            assertEquals(403, refused.status(), refused.toString());
            assertEquals("mfa_not_configured", refused.json().get("error").asText());
        } finally {
            trust(TRUST_UP_OTP);
        }
    }

    @Test
    void aPasswordOnlyUpstreamSignInGetsTheChallengeAndAFreshUpstreamOtpSignInThenSucceeds() {
        String username = upstreamUser(false);
        String token = signInThroughUp(username, false, false);
        Http.Resp challenge = create(token, "needs-otp");
        assertEquals(401, challenge.status(), challenge.toString());
        String header = challenge.header("WWW-Authenticate");
        assertTrue(header.contains("insufficient_user_authentication") && header.contains("max_age="), header);
        assertFalse(header.contains("acr_values"), "no local acr that means nothing upstream: " + header);
        assertEquals("up", challenge.json().get("identity_provider").asText(), "the client is told where to sign in again");

        // The user is asked upstream to set up an authenticator app and signs in again through up, as the console does
        // after the challenge (kc_idp_hint=up, prompt=login). Setting the app up is not yet signing in with it, so that
        // sign-in still gets the challenge; the next one asks for the code and succeeds: no loop.
        String upId = realms.upUserId(username);
        ObjectNode upUser = (ObjectNode) Http.get(adminUrl(up, "/users/" + upId), admin()).json();
        upUser.putArray("requiredActions").add("CONFIGURE_TOTP");
        assertEquals(204, Http.putJson(adminUrl(up, "/users/" + upId), admin(), upUser).status());
        String[] newSecret = new String[1];
        java.util.function.Function<BrowserSession.Page, BrowserSession.Submit> setUp = page -> {
            if (page.hasForm("kc-totp-settings-form")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"totpSecret\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"totpSecret\"").matcher(page.html());
                assertTrue(m.find(), "the new authenticator's secret on the page");
                newSecret[0] = m.group(1) != null ? m.group(1) : m.group(2);
                return new BrowserSession.Submit("kc-totp-settings-form", Map.of("totp", io.appcredentials.it.support.Totp.now(newSecret[0]),
                        "totpSecret", newSecret[0], "userLabel", "phone"));
            }
            return BrowserSession.passwordAndOtp(username, "password", null).apply(page);
        };
        Http.Resp setUpSignIn = new BrowserSession(server).signIn(down, "cli", CLI_REDIRECT, Map.of("kc_idp_hint", "up", "prompt", "login"), setUp);
        assertEquals(200, setUpSignIn.status(), setUpSignIn.toString());
        assertEquals(401, create(setUpSignIn.json().get("access_token").asText(), "while-setting-up").status());
        JsonNode upCredentials = Http.get(adminUrl(up, "/users/" + upId + "/credentials"), admin()).json();
        assertEquals(1, java.util.stream.StreamSupport.stream(upCredentials.spliterator(), false)
                .filter(c -> "otp".equals(c.path("type").asText())).count(), "one authenticator app upstream: " + upCredentials);
        Http.Resp withOtp = new BrowserSession(server).signIn(down, "cli", CLI_REDIRECT, Map.of("kc_idp_hint", "up", "prompt", "login"),
                BrowserSession.passwordAndOtp(username, "password", newSecret[0]));
        assertEquals(200, withOtp.status(), withOtp.toString());
        Http.Resp created = create(withOtp.json().get("access_token").asText(), "after-otp");
        assertEquals(201, created.status(), created.toString());
        assertEquals("idp:up:otp", created.json().get("mfa").asText());
    }

    /** Where the policy names the provider's own acr values, the challenge asks for them (and never the realm's). */
    @Test
    void theChallengeNamesTheProvidersOwnAcrValuesWhenThePolicyTrustsSome() {
        String username = upstreamUser(false);
        String token = signInThroughUp(username, false, false);
        trust(Map.of("up", Map.of("amr", List.of("otp"), "acr", List.of("urn:up:loa:2fa"))));
        try {
            Http.Resp challenge = create(token, "needs-upstream-acr");
            assertEquals(401, challenge.status(), challenge.toString());
            String header = challenge.header("WWW-Authenticate");
            assertTrue(header.startsWith("Bearer error=\"insufficient_user_authentication\""), header);
            assertTrue(header.contains("acr_values=\"urn:up:loa:2fa\""), header);
            assertEquals("urn:up:loa:2fa", challenge.json().get("acr_values").asText(), challenge.toString());
            assertEquals("up", challenge.json().get("identity_provider").asText(), challenge.toString());
        } finally {
            trust(TRUST_UP_OTP);
        }
    }

    /**
     * The age is the server's clock minus the upstream ID token's {@code auth_time}. Both realms are on this one
     * server, so "up" stamps {@code auth_time} from the same clock the test moves ({@link TestClock}): the sign-in
     * comes first, at the unmoved time, and the clock then moves past the policy's 60 s. (Signing in after the move
     * would stamp the moved time and be fresh.) The same token creates before the move: the control.
     */
    @Test
    void aStaleUpstreamSignInGetsTheChallenge() {
        TestClock clock = new TestClock(server);
        String username = upstreamUser(true);
        String token = signInThroughUp(username, true, false);
        String policyUrl = adminUrl(down, "/app-credentials/policy");
        ObjectNode policy = (ObjectNode) Http.get(policyUrl, admin()).json();
        int before = policy.get("mfaMaxAgeSeconds").asInt();
        policy.put("mfaMaxAgeSeconds", 60);
        assertEquals(200, Http.putJson(policyUrl, admin(), policy).status());
        try {
            assertEquals(201, create(token, "in-time").status(), "control: within the 60 s the upstream factor counts");
            clock.advance(Duration.ofSeconds(61)); // past the 60 s the policy now allows, from the upstream auth_time
            Http.Resp stale = create(token, "stale");
            assertEquals(401, stale.status(), stale.toString());
            assertTrue(stale.header("WWW-Authenticate").contains("max_age=60"), stale.header("WWW-Authenticate"));
        } finally {
            policy.put("mfaMaxAgeSeconds", before);
            assertEquals(200, Http.putJson(policyUrl, admin(), policy).status());
            clock.reset();
        }
    }

    @Test
    void removingTheFederatedLinkSuspendsWhatTheUpstreamFactorVouchedFor() {
        String username = upstreamUser(true);
        String token = signInThroughUp(username, true, false);
        JsonNode c = create(token, "linked").json();
        String id = c.get("id").asText();
        String userId = downUserId(username);
        assertEquals(204, Http.delete(adminUrl(down, "/users/" + userId + "/federated-identity/up"), admin()).status());
        JsonNode read = Http.get(adminUrl(down, "/app-credentials/" + id), admin()).json();
        assertEquals("suspended", read.get("state").asText(), read.toString());
        Http.Resp refused = Http.postForm(server.tokenEndpoint(down), Http.form("grant_type", "client_credentials"), id, c.get("secret").asText());
        assertEquals(401, refused.status());
    }

    @Test
    void withdrawingTheTrustSuspendsOnTheNextTokenRequest() {
        String username = upstreamUser(true);
        JsonNode c = create(signInThroughUp(username, true, false), "trusted-then-not").json();
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        assertEquals(200, Http.postForm(server.tokenEndpoint(down), Http.form("grant_type", "client_credentials"), id, secret).status());
        trust(Map.of());
        try {
            Http.Resp refused = Http.postForm(server.tokenEndpoint(down), Http.form("grant_type", "client_credentials"), id, secret);
            assertEquals(401, refused.status(), refused.toString());
            assertTrue(refused.json().get("error_description").asText().contains("suspended"), refused.toString());
        } finally {
            trust(TRUST_UP_OTP);
        }
    }

    /**
     * Generic session notes are never evidence. The provider is set to keep no ID token of its own; an identity
     * provider mapper then writes a note named like the broker's ID-token note from a claim the upstream client
     * hands out (a hardcoded, forged token claiming an otp sign-in). It is not accepted: its signature is not the
     * provider's.
     */
    @Test
    void aForgedSessionNoteNamedLikeTheEvidenceIsNotAccepted() {
        String username = upstreamUser(false);
        String forged = unsignedLookalike(Map.of("iss", server.realmUrl(up), "aud", "downstream", "azp", "downstream",
                "amr", List.of("pwd", "otp"), "auth_time", System.currentTimeMillis() / 1000, "sub", "whoever"));
        String admin = admin();
        String upClient = Http.get(adminUrl(up, "/clients?clientId=downstream"), admin).json().get(0).get("id").asText();
        Http.Resp claimMapper = Http.postJson(adminUrl(up, "/clients/" + upClient + "/protocol-mappers/models"), admin, Map.of(
                "name", "forged-evidence", "protocol", "openid-connect", "protocolMapper", "oidc-hardcoded-claim-mapper",
                "config", Map.of("claim.name", "FEDERATED_ID_TOKEN", "claim.value", forged, "jsonType.label", "String",
                        "id.token.claim", "true", "access.token.claim", "false", "userinfo.token.claim", "false")));
        assertEquals(201, claimMapper.status(), claimMapper.toString());
        JsonNode provider = Http.get(adminUrl(down, "/identity-provider/instances/up"), admin).json();
        ((ObjectNode) provider.get("config")).put("sendIdTokenOnLogout", "false").put("storeTokenInSession", "false");
        assertEquals(204, Http.putJson(adminUrl(down, "/identity-provider/instances/up"), admin, provider).status());
        Http.Resp noteMapper = Http.postJson(adminUrl(down, "/identity-provider/instances/up/mappers"), admin, Map.of(
                "name", "claim-to-note", "identityProviderAlias", "up", "identityProviderMapper", "oidc-user-session-note-idp-mapper",
                "config", Map.of("claims", "[{\"key\":\"FEDERATED_ID_TOKEN\",\"value\":\".*\"}]", "are.claim.values.regex", "true", "syncMode", "INHERIT")));
        assertEquals(201, noteMapper.status(), noteMapper.toString());
        try {
            String token = signInThroughUp(username, false, false);
            Http.Resp refused = create(token, "forged");
            // Without the forged note the answer would be 403 "no ID token kept" (see the test below); the challenge
            // shows that a note was there and that it was not accepted.
            assertEquals(401, refused.status(), "the forged note is no evidence: " + refused);
            assertEquals("insufficient_user_authentication", refused.json().get("error").asText(), refused.toString());
            assertNull(refused.json().get("id"));
        } finally {
            Http.delete(noteMapper.header("Location"), admin);
            Http.delete(claimMapper.header("Location"), admin);
            ((ObjectNode) provider.get("config")).put("sendIdTokenOnLogout", "true").put("storeTokenInSession", "true");
            Http.putJson(adminUrl(down, "/identity-provider/instances/up"), admin, provider);
        }
    }

    @Test
    void withoutTheUpstreamIdTokenInTheSessionTheAdminIsToldWhatToEnable() {
        String username = upstreamUser(true);
        String admin = admin();
        JsonNode provider = Http.get(adminUrl(down, "/identity-provider/instances/up"), admin).json();
        ((ObjectNode) provider.get("config")).put("sendIdTokenOnLogout", "false").put("storeTokenInSession", "false");
        assertEquals(204, Http.putJson(adminUrl(down, "/identity-provider/instances/up"), admin, provider).status());
        try {
            Http.Resp refused = create(signInThroughUp(username, true, false), "no-token");
            assertEquals(403, refused.status(), refused.toString());
            assertEquals("mfa_evidence_unavailable", refused.json().get("error").asText());
            assertTrue(refused.json().get("errorMessage").asText().contains("Store token in session"), refused.toString());
        } finally {
            ((ObjectNode) provider.get("config")).put("sendIdTokenOnLogout", "true").put("storeTokenInSession", "true");
            Http.putJson(adminUrl(down, "/identity-provider/instances/up"), admin, provider);
        }
    }

    @Test
    void aProviderWhoseTokensAreNotVerifiedCannotBeTrustedAndTurningValidationOffLaterIsNoLoop() {
        String admin = admin();
        String providerUrl = adminUrl(down, "/identity-provider/instances/up");
        String policyUrl = adminUrl(down, "/app-credentials/policy");
        String username = upstreamUser(true);
        String token = signInThroughUp(username, true, false);
        JsonNode provider = Http.get(providerUrl, admin).json();
        ((ObjectNode) provider.get("config")).put("validateSignature", "false");
        assertEquals(204, Http.putJson(providerUrl, admin, provider).status());
        try {
            // the trust stays in the policy, but the provider's tokens are no longer checked: the user is told why
            Http.Resp refused = create(token, "unverified");
            assertEquals(403, refused.status(), refused.toString());
            assertEquals("mfa_evidence_unavailable", refused.json().get("error").asText());
            assertTrue(refused.json().get("errorMessage").asText().contains("Validate Signatures"), refused.toString());
            // and a new policy naming it is refused
            ObjectNode policy = (ObjectNode) Http.get(policyUrl, admin).json();
            Http.Resp put = Http.putJson(policyUrl, admin, policy);
            assertEquals(400, put.status(), put.toString());
            assertEquals("trustedIdpMfa", put.json().get("field").asText());
            assertTrue(put.json().get("errorMessage").asText().contains("Validate Signatures"), put.toString());
        } finally {
            ((ObjectNode) provider.get("config")).put("validateSignature", "true");
            Http.putJson(providerUrl, admin, provider);
        }
        assertEquals(201, create(token, "verified-again").status());
    }

    /** A local user of down with a password and no second factor; returns the username. */
    private static String localUser() {
        String username = "local-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Http.Resp r = Http.postJson(adminUrl(down, "/users"), admin(), Map.of("username", username, "enabled", true,
                "email", username + "@example.com", "emailVerified", true, "firstName", "Local", "lastName", "User",
                "credentials", List.of(Map.of("type", "password", "value", "password", "temporary", false))));
        assertEquals(201, r.status(), r.toString());
        return username;
    }

    /**
     * Found by the second attack: someone who knows a victim's password (the victim has no second factor, so the
     * password alone is refused) signs in as the victim and links <em>their own</em> account at the trusted provider
     * to the victim through Keycloak's account linking ({@code kc_action=idp_link:up}, allowed by the default
     * manage-account role), doing their own second factor there. The broker writes the provider's note and the
     * attacker's ID token into the victim's session, and the token's subject is the link just made. It is no
     * evidence: the session was not signed in through the provider, and the link was made with the password alone
     * (so signing in through the provider would not help either, and the answer says so).
     */
    @Test
    void linkingSomeoneElsesUpstreamAccountIntoAPasswordSessionIsNoSecondFactor() {
        String victim = localUser();
        String attackerUpstream = upstreamUser(true);
        BrowserSession browser = new BrowserSession(server);
        Http.Resp tokens = browser.signIn(down, "cli", CLI_REDIRECT, Map.of(), BrowserSession.passwordAndOtp(victim, "password", null));
        assertEquals(200, tokens.status(), tokens.toString());
        Http.Resp before = create(tokens.json().get("access_token").asText(), "before");
        assertEquals(403, before.status(), "the victim's password alone: " + before);
        assertEquals("mfa_not_configured", before.json().get("error").asText());

        java.util.function.Function<BrowserSession.Page, BrowserSession.Submit> upLogin =
                BrowserSession.passwordAndOtp(attackerUpstream, "password", Demo.TEST_TOTP);
        Http.Resp linked = browser.signIn(down, "cli", CLI_REDIRECT, Map.of("kc_action", "idp_link:up"), page ->
                page.template().equals("link-idp-action.ftl") ? new BrowserSession.Submit(null, Map.of("continue", "")) : upLogin.apply(page));
        assertEquals(200, linked.status(), linked.toString());
        String victimId = realms.downUserId(victim);
        assertEquals(1, Http.get(adminUrl(down, "/users/" + victimId + "/federated-identity"), admin()).json().size(), "the link was made");

        Http.Resp created = create(linked.json().get("access_token").asText(), "minted-by-attacker");
        assertEquals(403, created.status(), "no credential vouched for by someone else's upstream factor: " + created);
        assertEquals("mfa_link_not_verified", created.json().get("error").asText(), created.toString());
        assertTrue(created.json().get("errorMessage").asText().contains("link your account to 'up' again"), created.toString());
        assertEquals(0, Http.get(adminUrl(down, "/app-credentials?user=" + victimId), admin()).json().size(), "nothing created");
    }

    /**
     * Found by the second attack (issue 22, point 9), with the same set-up: Keycloak's stock first broker login flow, a
     * victim with a password and no second factor, the provider trusted. The attacker knows only the victim's password
     * and has an account of their own at the provider, with an authenticator app, that carries the victim's e-mail
     * address. Signing in through the provider, Keycloak says "Account already exists"; "Add to existing account" and
     * re-authenticating with the victim's password links the attacker's upstream account to the victim, and the session
     * counts as signed in through the provider with the attacker's OTP. It does not vouch, then or on a later sign-in
     * through the provider: the link was made with the password alone. The legitimate paths still work: a user whose
     * link was made when the provider created their account, and one an administrator linked.
     */
    @Test
    void anUpstreamAccountLinkedByTheFirstBrokerLoginWithThePasswordAloneIsNoSecondFactor() {
        String victim = localUser();
        String attacker = "attacker-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        Http.Resp upAccount = Http.postJson(adminUrl(up, "/users"), admin(), Map.of("username", attacker, "enabled", true,
                "email", victim + "@example.com", "emailVerified", true, "firstName", "Eve", "lastName", "Attacker",
                "credentials", List.of(Map.of("type", "password", "value", "password", "temporary", false),
                        Map.of("type", "otp", "userLabel", "phone", "secretData", "{\"value\":\"" + Demo.TEST_TOTP + "\"}",
                                "credentialData", "{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}"))));
        assertEquals(201, upAccount.status(), upAccount.toString());

        java.util.List<String> templates = new java.util.ArrayList<>();
        java.util.function.Function<BrowserSession.Page, BrowserSession.Submit> upLogin =
                BrowserSession.passwordAndOtp(attacker, "password", Demo.TEST_TOTP);
        Http.Resp linked = new BrowserSession(server).signIn(down, "cli", CLI_REDIRECT, Map.of("kc_idp_hint", "up"), page -> {
            templates.add(page.template());
            if (page.hasForm("kc-register-form") && page.html().contains("value=\"linkAccount\"")) {
                // "Account already exists. How do you want to continue?" (login-idp-link-confirm.ftl)
                templates.add("link-confirm");
                return new BrowserSession.Submit("kc-register-form", Map.of("submitAction", "linkAccount"));
            }
            if (page.html().contains("/realms/" + down + "/login-actions/first-broker-login") && page.hasInput("password")) {
                // "Verify Existing Account by Re-authentication": the victim's password, all the attacker knows
                return new BrowserSession.Submit("kc-form-login", Map.of("username", victim, "password", "password", "credentialId", ""));
            }
            return upLogin.apply(page);
        });
        assertEquals(200, linked.status(), linked.toString());
        assertTrue(templates.contains("link-confirm"), "the stock flow asked to link the existing account: " + templates);
        String victimId = realms.downUserId(victim);
        JsonNode links = Http.get(adminUrl(down, "/users/" + victimId + "/federated-identity"), admin()).json();
        assertEquals(1, links.size(), "the attacker's upstream account is linked to the victim: " + links);
        assertEquals(attacker, links.get(0).get("userName").asText());

        Http.Resp created = create(linked.json().get("access_token").asText(), "minted-by-attacker");
        assertEquals(403, created.status(), "the attacker's own upstream OTP does not vouch for the victim: " + created);
        assertEquals("mfa_link_not_verified", created.json().get("error").asText(), created.toString());
        // nor on a later sign-in through the provider, with the link in place
        Http.Resp again = create(signInThroughUp(attacker, true, true), "minted-later");
        assertEquals(403, again.status(), again.toString());
        assertEquals("mfa_link_not_verified", again.json().get("error").asText(), again.toString());
        assertEquals(0, Http.get(adminUrl(down, "/app-credentials?user=" + victimId), admin()).json().size(), "nothing created");

        // the legitimate paths: the provider created the account (first sign-in), or an administrator made the link
        Http.Resp registered = create(signInThroughUp(upstreamUser(true), true, false), "registered-link");
        assertEquals(201, registered.status(), registered.toString());
        assertEquals("idp:up:otp", registered.json().get("mfa").asText());
        String local = localUser();
        String upstream = upstreamUser(true);
        Http.Resp link = Http.postJson(adminUrl(down, "/users/" + realms.downUserId(local) + "/federated-identity/up"), admin(),
                Map.of("identityProvider", "up", "userId", realms.upUserId(upstream), "userName", upstream));
        assertEquals(204, link.status(), link.toString());
        Http.Resp adminLinked = create(signInThroughUp(upstream, true, false), "admin-link");
        assertEquals(201, adminLinked.status(), adminLinked.toString());
        assertEquals("idp:up:otp", adminLinked.json().get("mfa").asText());
    }

    @Test
    void disablingTheProviderSuspendsOnTheNextTokenRequest() {
        String username = upstreamUser(true);
        JsonNode c = create(signInThroughUp(username, true, false), "provider-disabled").json();
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        assertEquals(200, Http.postForm(server.tokenEndpoint(down), Http.form("grant_type", "client_credentials"), id, secret).status());
        String providerUrl = adminUrl(down, "/identity-provider/instances/up");
        JsonNode provider = Http.get(providerUrl, admin()).json();
        ((ObjectNode) provider).put("enabled", false);
        assertEquals(204, Http.putJson(providerUrl, admin(), provider).status());
        try {
            Http.Resp refused = Http.postForm(server.tokenEndpoint(down), Http.form("grant_type", "client_credentials"), id, secret);
            assertEquals(401, refused.status(), refused.toString());
            assertTrue(refused.json().get("error_description").asText().contains("suspended"), refused.toString());
        } finally {
            ((ObjectNode) provider).put("enabled", true);
            Http.putJson(providerUrl, admin(), provider);
        }
    }

    @Test
    void thePolicyOnlyTrustsProvidersThatExistAndSaysWhatCounts() {
        String policyUrl = adminUrl(down, "/app-credentials/policy");
        ObjectNode policy = (ObjectNode) Http.get(policyUrl, admin()).json();
        policy.set("trustedIdpMfa", Http.JSON.valueToTree(Map.of("nowhere", Map.of("amr", List.of("otp")))));
        Http.Resp unknown = Http.putJson(policyUrl, admin(), policy);
        assertEquals(400, unknown.status());
        assertEquals("trustedIdpMfa", unknown.json().get("field").asText());
        policy.set("trustedIdpMfa", Http.JSON.valueToTree(Map.of("up", Map.of("amr", List.of()))));
        assertEquals(400, Http.putJson(policyUrl, admin(), policy).status(), "an empty trust says nothing about what counts");
    }

    private static String unsignedLookalike(Map<String, Object> claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"forged\"}".getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(Http.toJson(claims).getBytes(StandardCharsets.UTF_8));
        return header + "." + body + "." + b64.encodeToString("not-a-signature".getBytes(StandardCharsets.UTF_8));
    }
}
