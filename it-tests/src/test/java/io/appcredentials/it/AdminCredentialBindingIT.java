package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;

import io.appcredentials.it.support.Demo;
import io.appcredentials.it.support.Http;
import io.appcredentials.it.support.KeycloakServer;
import io.appcredentials.it.support.TestServer;

/**
 * One second-factor binding for every credential, whoever made it (issue 22, point 1): an administrator cannot mint a
 * credential for a user who has no second factor; an administrator's credential is bound to the owner's factor and
 * stops at the next token request once the owner's last factor is removed; a credential that recorded no factor is
 * bound as soon as the realm requires one; the one exception is an explicit policy switch.
 */
@ExtendWith(TestServer.class)
class AdminCredentialBindingIT {

    private final KeycloakServer server = TestServer.server();

    private String admin() {
        return Demo.token(server, Demo.DEMO_ADMIN, Demo.DEMO_ADMIN_PASSWORD, null);
    }

    private Http.Resp createFor(String userId, String name) {
        return Http.postJson(Demo.adminCredentialsUrl(server) + "/users/" + userId, admin(), Map.of("name", name + "-" + System.nanoTime()));
    }

    private JsonNode read(String id) {
        return Http.get(Demo.adminCredentialsUrl(server) + "/" + id, Demo.masterAdminToken(server)).json();
    }

    /** The first case: bob has no second factor, so an administrator cannot create one for him. */
    @Test
    void anAdministratorCannotCreateForAUserWithoutASecondFactor() {
        String bobId = Demo.userId(server, Demo.BOB);
        int before = Http.get(Demo.adminCredentialsUrl(server) + "?user=" + bobId, Demo.masterAdminToken(server)).json().size();
        Http.Resp refused = createFor(bobId, "for-bob");
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("owner_mfa_not_configured", refused.json().get("error").asText());
        String message = refused.json().get("errorMessage").asText();
        assertTrue(message.contains("'bob' has no second factor"), message);
        assertTrue(message.contains("ask them to set one up"), "says what the user must do: " + message);
        assertEquals(before, Http.get(Demo.adminCredentialsUrl(server) + "?user=" + bobId, Demo.masterAdminToken(server)).json().size(),
                "nothing created");
    }

    /**
     * The second case: a user with an authenticator app gets an administrator's credential; an administrator
     * then removes the user's only OTP (incident response): the credential stops issuing tokens at the next token
     * request, and its state is suspended.
     */
    @Test
    void removingTheOwnersLastFactorStopsAnAdministratorsCredentialAtTheNextTokenRequest() {
        Demo.TestUser user = Demo.aliceLike(server);
        Http.Resp created = createFor(user.id(), "incident");
        assertEquals(201, created.status(), created.toString());
        JsonNode c = created.json();
        String id = c.get("id").asText();
        String secret = c.get("secret").asText();
        assertTrue(c.get("createdBy").get("admin").asBoolean());
        assertTrue(c.get("mfa").isNull(), "nobody proved a factor for it: " + c);
        assertEquals("local", c.get("mfaBinding").asText(), "bound to the owner's own second factor");
        assertEquals("local", Http.get(Demo.credentialsUrl(server) + "/" + id, user.token(server)).json().get("mfaBinding").asText(),
                "the owner sees the binding too");
        assertEquals(200, Demo.clientCredentialsBasic(server, id, secret).status(), "issues tokens while the owner has the factor");

        removeOtp(user.id());

        Http.Resp refused = Demo.clientCredentialsBasic(server, id, secret);
        assertEquals(401, refused.status(), refused.toString());
        assertTrue(refused.json().get("error_description").asText().contains("suspended"), refused.toString());
        assertEquals("suspended", read(id).get("state").asText());

        // an administrator cannot make it active again while the owner has no factor: the next token request would
        // only suspend it again
        Http.Resp reactivate = Http.patchJson(Demo.adminCredentialsUrl(server) + "/" + id, admin(), Map.of("state", "active"));
        assertEquals(409, reactivate.status(), reactivate.toString());
        assertEquals("owner_mfa_not_configured", reactivate.json().get("error").asText());
        assertEquals("suspended", read(id).get("state").asText());
        // nor by way of disabled: disabling is allowed, enabling again is refused the same way (PATCH and PUT)
        assertEquals(200, Http.patchJson(Demo.adminCredentialsUrl(server) + "/" + id, admin(), Map.of("state", "disabled")).status());
        for (Http.Resp enable : List.of(Http.patchJson(Demo.adminCredentialsUrl(server) + "/" + id, admin(), Map.of("state", "active")),
                Http.putJson(Demo.adminCredentialsUrl(server) + "/" + id, admin(), Map.of("state", "active")))) {
            assertEquals(409, enable.status(), enable.toString());
            assertEquals("owner_mfa_not_configured", enable.json().get("error").asText());
        }
        assertEquals("disabled", read(id).get("state").asText());
        // the owner cannot either
        Http.Resp own = Http.patchJson(Demo.credentialsUrl(server) + "/" + id, user.token(server), Map.of("state", "active"));
        assertEquals(409, own.status(), own.toString());
        assertEquals("mfa_binding_lost", own.json().get("error").asText());
        assertEquals("disabled", read(id).get("state").asText());
    }

    /**
     * Credentials that recorded no factor (made while the realm required none) are bound once it requires one: the
     * owner without a second factor loses them at the next token request.
     */
    @Test
    void aCredentialMadeWhileNoFactorWasRequiredIsBoundOnceOneIs() {
        String bob = Demo.token(server, Demo.BOB, Demo.BOB_PASSWORD, null);
        JsonNode before = Demo.setPolicy(server, Map.of("requireMfa", false));
        JsonNode c;
        try {
            Http.Resp created = Http.postJson(Demo.credentialsUrl(server), bob, Map.of("name", "unbound-" + System.nanoTime()));
            assertEquals(201, created.status(), created.toString());
            c = created.json();
            assertEquals("any", c.get("mfaBinding").asText(), c.toString());
            assertEquals(200, Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status(),
                    "no factor required: it works");
        } finally {
            Demo.restorePolicy(server, before);
        }
        Http.Resp refused = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText());
        assertEquals(401, refused.status(), "the realm requires a factor again, and bob has none: " + refused);
        assertEquals("suspended", read(c.get("id").asText()).get("state").asText());
    }

    /**
     * The explicit exception for realms whose users have no second factor: with allowUnboundAdminCredentials an
     * administrator creates for bob, the credential shows it is not bound, and works; switched off, it is bound again.
     */
    @Test
    void thePolicySwitchLetsAdministratorsCreateUnboundCredentialsUntilItIsOff() {
        String bobId = Demo.userId(server, Demo.BOB);
        JsonNode before = Demo.setPolicy(server, Map.of("allowUnboundAdminCredentials", true));
        JsonNode c;
        try {
            Http.Resp created = createFor(bobId, "exempt");
            assertEquals(201, created.status(), created.toString());
            c = created.json();
            assertEquals("none", c.get("mfaBinding").asText(), c.toString());
            assertEquals(200, Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status());
            JsonNode options = Http.get(Demo.credentialsUrl(server) + "/options", Demo.token(server, Demo.BOB, Demo.BOB_PASSWORD, null)).json();
            assertTrue(options.get("policy").get("allowUnboundAdminCredentials").asBoolean(), "/options reports the switch");
        } finally {
            Demo.restorePolicy(server, before);
        }
        assertEquals(false, Http.get(Demo.policyUrl(server), Demo.masterAdminToken(server)).json().get("allowUnboundAdminCredentials").asBoolean(),
                "off by default");
        assertEquals(401, Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText()).status(),
                "the switch is off: bob has no factor");
        assertEquals("suspended", read(c.get("id").asText()).get("state").asText());
    }

    private void removeOtp(String userId) {
        String admin = Demo.masterAdminToken(server);
        String base = server.baseUrl() + "/admin/realms/" + Demo.REALM + "/users/" + userId + "/credentials";
        int removed = 0;
        for (JsonNode cred : Http.get(base, admin).json()) {
            if ("otp".equals(cred.get("type").asText())) {
                assertEquals(204, Http.delete(base + "/" + cred.get("id").asText(), admin).status());
                removed++;
            }
        }
        assertEquals(1, removed, "the user's only OTP");
    }
}
