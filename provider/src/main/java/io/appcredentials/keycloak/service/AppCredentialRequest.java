package io.appcredentials.keycloak.service;

import java.util.List;
import java.util.Map;

/**
 * What a caller asks for when creating a credential, as given (each value is checked by
 * {@link AppCredentialService#create}); null means "not given" throughout.
 */
public record AppCredentialRequest(String name, String description, String expiresAt, String clientId, List<String> realmRoles,
                                Map<String, List<String>> clientRoles, List<String> scopes, List<Rule> accessRules,
                                List<String> allowedCidrs, Boolean requireDpop) {

    /** One access rule as given: an HTTP method and a path pattern. */
    public record Rule(String method, String path) {
    }

    /** A change to an existing credential: a new name, description (empty clears it) or state, each optional. */
    public record Change(String name, String description, String state) {
    }
}
