package io.appcredentials.keycloak.token;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.appcredentials.keycloak.restriction.AccessRule;

/**
 * A credential's access rules as the RFC 9396 {@code authorization_details} claim of its tokens (and so of the
 * introspection answer), for resource servers outside Keycloak to enforce: one object per rule,
 * {@code {"type": "urn:app-credentials:access-rule", "actions": ["GET"], "path": "/admin/realms/demo/users/**"}}.
 * {@code actions} holds the method ({@code *} for any); {@code path} the pattern ({@code *} one segment, {@code **}
 * any number of segments, none included). Built as plain JSON values and set as a claim of its own, so that it does
 * not depend on Keycloak's representation classes for rich authorization requests, which change between versions.
 */
final class AccessRuleDetails {

    static final String CLAIM = "authorization_details";
    static final String TYPE = "urn:app-credentials:access-rule";

    private AccessRuleDetails() {
    }

    static List<Map<String, Object>> of(List<AccessRule> rules) {
        return rules.stream().map(rule -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("type", TYPE);
            detail.put("actions", List.of(rule.method()));
            detail.put("path", rule.path());
            return detail;
        }).toList();
    }
}
