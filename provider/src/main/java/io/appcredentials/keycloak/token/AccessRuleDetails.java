package io.appcredentials.keycloak.token;

import java.util.List;

import org.keycloak.representations.AuthorizationDetailsJSONRepresentation;

import io.appcredentials.keycloak.restriction.AccessRule;

/**
 * A credential's access rules as the RFC 9396 {@code authorization_details} claim of its tokens (and so of the
 * introspection answer), for resource servers outside Keycloak to enforce: one object per rule,
 * {@code {"type": "urn:app-credentials:access-rule", "actions": ["GET"], "path": "/admin/realms/demo/users/**"}}.
 * {@code actions} holds the method ({@code *} for any); {@code path} the pattern ({@code *} one segment, {@code **}
 * any number of segments, none included).
 */
final class AccessRuleDetails {

    static final String TYPE = "urn:app-credentials:access-rule";

    private AccessRuleDetails() {
    }

    static List<AuthorizationDetailsJSONRepresentation> of(List<AccessRule> rules) {
        return rules.stream().map(rule -> {
            AuthorizationDetailsJSONRepresentation detail = new AuthorizationDetailsJSONRepresentation();
            detail.setType(TYPE);
            detail.setActions(List.of(rule.method()));
            detail.setCustomData("path", rule.path());
            return detail;
        }).toList();
    }
}
