package io.appcredentials.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * Who may manage credentials (README "Security": the user API follows Keycloak's account roles) and who may do what
 * in the admin API (README "Administration": view-users reads, manage-users changes, manage-realm sets the policy),
 * each with the role alone, and what a credential granted {@code manage-account} may do in the account API.
 */
@ExtendWith(TestServer.class)
class ManagePermissionsIT {

    private final KeycloakServer server = TestServer.server();

    private String adminUrl(String path) {
        return Demo.adminCredentialsUrl(server) + path;
    }

    private static String token(KeycloakServer server, String username) {
        return Demo.token(server, username, "password", Demo.TEST_TOTP);
    }

    @Test
    void viewProfileReadsManageAccountChangesAndWithoutAccountRolesNeither() {
        // a user whose only account role is view-profile (no default roles): a second factor, a role to grant
        String viewer = Demo.newUserWithTotp(server, List.of("reader"), Map.of("account", List.of("view-profile")));
        String viewerToken = token(server, viewer);
        Http.Resp list = Http.get(Demo.credentialsUrl(server), viewerToken);
        assertEquals(200, list.status(), list.toString());
        assertEquals(0, list.json().size());
        assertEquals(200, Http.get(Demo.credentialsUrl(server) + "/options", viewerToken).status());
        Http.Resp create = Http.postJson(Demo.credentialsUrl(server), viewerToken, Map.of("name", "by-viewer", "realmRoles", List.of("reader")));
        assertEquals(403, create.status(), create.toString());
        assertEquals("insufficient_scope", create.json().get("error").asText(), create.toString());
        assertEquals("This token cannot manage application credentials: it needs the account role 'manage-account', as "
                + "Keycloak's account API does (the account console's tokens have it)", create.json().get("errorMessage").asText());

        // no account role at all: not even the list
        String nobody = Demo.newUserWithTotp(server, List.of("reader"), Map.of());
        Http.Resp refused = Http.get(Demo.credentialsUrl(server), token(server, nobody));
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("This token cannot read application credentials: it needs the account role 'view-profile', as "
                + "Keycloak's account API does (the account console's tokens have it)", refused.json().get("errorMessage").asText());

        // control: the same user with manage-account creates (and manage-account alone also reads)
        String manager = Demo.newUserWithTotp(server, List.of("reader"), Map.of("account", List.of("manage-account")));
        String managerToken = token(server, manager);
        Http.Resp created = Http.postJson(Demo.credentialsUrl(server), managerToken, Map.of("name", "by-manager", "realmRoles", List.of("reader")));
        assertEquals(201, created.status(), "manage-account creates: " + created.status());
        assertEquals(1, Http.get(Demo.credentialsUrl(server), managerToken).json().size());
    }

    /** "Granting manage-account lets the tool change the owner's profile, email included." */
    @Test
    void aCredentialGrantedManageAccountChangesTheOwnersProfileThroughTheAccountApi() {
        Demo.TestUser owner = Demo.aliceLike(server);
        JsonNode c = Demo.create(server, owner.token(server), Map.of("name", "profile-editor-" + System.nanoTime(),
                "clientRoles", Map.of("account", List.of("manage-account"))));
        Http.Resp issued = Demo.clientCredentialsBasic(server, c.get("id").asText(), c.get("secret").asText());
        assertEquals(200, issued.status());
        String token = issued.json().get("access_token").asText();
        String account = server.realmUrl(Demo.REALM) + "/account/";
        Http.Resp write = Http.postJson(account, token, Map.of("username", owner.username(), "email", "changed-" + owner.username() + "@example.org",
                "firstName", "Changed", "lastName", "User"));
        assertEquals(204, write.status(), write.toString());
        JsonNode user = Http.get(server.baseUrl() + "/admin/realms/" + Demo.REALM + "/users/" + owner.id(), Demo.masterAdminToken(server)).json();
        assertEquals("changed-" + owner.username() + "@example.org", user.get("email").asText());
        assertEquals("Changed", user.get("firstName").asText());
    }

    /**
     * view-users reads, manage-users changes (disable, revoke) but cannot mint for others without impersonation,
     * manage-realm sets the policy; each role alone, no other.
     */
    @Test
    void eachAdminRoleAloneDoesWhatTheReadmeSays() {
        Demo.TestUser owner = Demo.aliceLike(server);
        JsonNode c = Demo.create(server, owner.token(server), Map.of("name", "administered-" + System.nanoTime()));
        String url = adminUrl("/" + c.get("id").asText());

        String helpdesk = token(server, Demo.newUserWithTotp(server, List.of("default-roles-demo"),
                Map.of("realm-management", List.of("manage-users"))));
        assertEquals(200, Http.get(adminUrl("?user=" + owner.id()), helpdesk).status(), "manage-users includes reading users");
        Http.Resp disabled = Http.patchJson(url, helpdesk, Map.of("state", "disabled"));
        assertEquals(200, disabled.status(), disabled.toString());
        assertEquals("disabled", disabled.json().get("state").asText());
        assertEquals(403, Http.putJson(adminUrl("/policy"), helpdesk, Http.get(adminUrl("/policy"), Demo.masterAdminToken(server)).json()).status(),
                "manage-users does not set the policy");
        Http.Resp mint = Http.postJson(adminUrl("/users/" + owner.id()), helpdesk, Map.of("name", "minted-by-helpdesk"));
        assertEquals(403, mint.status(), mint.toString());
        assertEquals(204, Http.delete(url, helpdesk).status());
        assertEquals("revoked", Http.get(url, Demo.masterAdminToken(server)).json().get("state").asText());

        String viewer = token(server, Demo.newUserWithTotp(server, List.of("default-roles-demo"),
                Map.of("realm-management", List.of("view-users"))));
        assertEquals(200, Http.get(url, viewer).status());
        assertEquals(403, Http.patchJson(url, viewer, Map.of("description", "no")).status());

        String realmManager = token(server, Demo.newUserWithTotp(server, List.of("default-roles-demo"),
                Map.of("realm-management", List.of("manage-realm"))));
        assertEquals(403, Http.get(url, realmManager).status(), "manage-realm alone does not read credentials");
        JsonNode policy = Http.get(adminUrl("/policy"), realmManager).json();
        Map<String, Object> changed = Http.JSON.convertValue(policy, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
        changed.put("maxPerUser", 9);
        Http.Resp put = Http.putJson(adminUrl("/policy"), realmManager, changed);
        try {
            assertEquals(200, put.status(), put.toString());
            assertEquals(9, Http.get(adminUrl("/policy"), Demo.masterAdminToken(server)).json().get("maxPerUser").asInt());
        } finally {
            Demo.restorePolicy(server, policy);
        }
    }
}
