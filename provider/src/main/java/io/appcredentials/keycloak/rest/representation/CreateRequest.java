package io.appcredentials.keycloak.rest.representation;

import java.util.List;
import java.util.Map;

import io.appcredentials.keycloak.service.AppCredentialRequest;

/** Body of {@code POST /} (create). Unknown fields are refused so that a typo never silently drops a setting. */
public class CreateRequest {
    public String name;
    public String description;
    public String expiresAt;
    public String clientId;
    public List<String> realmRoles;
    public Map<String, List<String>> clientRoles;
    public List<String> scopes;
    public List<AccessRuleRepresentation> accessRules;
    public List<String> allowedCidrs;
    public Boolean requireDpop;

    /** The request in the domain's terms (each value still unchecked). */
    public AppCredentialRequest toDomain() {
        List<AppCredentialRequest.Rule> rules = accessRules == null ? null
                : accessRules.stream().map(r -> r == null ? null : new AppCredentialRequest.Rule(r.method, r.path)).toList();
        return new AppCredentialRequest(name, description, expiresAt, clientId, realmRoles, clientRoles, scopes, rules, allowedCidrs,
                requireDpop);
    }
}
