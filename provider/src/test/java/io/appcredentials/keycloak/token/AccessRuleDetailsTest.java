package io.appcredentials.keycloak.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.appcredentials.keycloak.restriction.AccessRule;

/**
 * The access rules' claim is set as a claim of its own rather than through Keycloak's rich-authorization type, which
 * later Keycloak versions change: the token's JSON must not change with it.
 */
class AccessRuleDetailsTest {

    /** Keycloak's token serialization (JsonSerialization): no null fields. */
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final List<AccessRule> RULES = List.of(AccessRule.of("GET", "/admin/realms/demo/users/**"), AccessRule.of("*", "/admin/serverinfo"));

    @Test
    void theClaimIsTheSameJsonAsKeycloaksRichAuthorizationDetails() throws Exception {
        AccessToken before = token();
        before.setAuthorizationDetails(RULES.stream().map(rule -> {
            AuthorizationDetailsJSONRepresentation detail = new AuthorizationDetailsJSONRepresentation();
            detail.setType(AccessRuleDetails.TYPE);
            detail.setActions(List.of(rule.method()));
            detail.setCustomData("path", rule.path());
            return detail;
        }).toList());
        AccessToken now = token();
        now.setOtherClaims(AccessRuleDetails.CLAIM, AccessRuleDetails.of(RULES));

        JsonNode expected = JSON.readTree(JSON.writeValueAsBytes(before));
        JsonNode actual = JSON.readTree(JSON.writeValueAsBytes(now));
        assertEquals(expected, actual);
        assertEquals("[{\"type\":\"urn:app-credentials:access-rule\",\"actions\":[\"GET\"],\"path\":\"/admin/realms/demo/users/**\"},"
                + "{\"type\":\"urn:app-credentials:access-rule\",\"actions\":[\"*\"],\"path\":\"/admin/serverinfo\"}]",
                JSON.writeValueAsString(actual.get("authorization_details")));
        // read back as Keycloak reads a token (introspection copies it that way): the same rich authorization details
        AccessToken read = JSON.readValue(JSON.writeValueAsBytes(now), AccessToken.class);
        assertEquals(2, read.getAuthorizationDetails().size());
        assertEquals("/admin/serverinfo", read.getAuthorizationDetails().get(1).getCustomData().get("path"));
    }

    private static AccessToken token() {
        AccessToken token = new AccessToken();
        token.id("ac_x.1.y");
        token.subject("owner");
        token.issuedFor("app-credentials");
        return token;
    }
}
