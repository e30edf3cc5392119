package io.appcredentials.keycloak.rest.representation;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.appcredentials.keycloak.service.AppCredentialRequest;

/** Body of {@code POST /} (create). Unknown fields are refused so that a typo never silently drops a setting. */
@Schema(name = "CreateRequest", additionalProperties = Schema.False.class, description = "A new credential. Unknown fields are "
        + "refused (400), so that a typo never silently drops a setting; GET options says what may be chosen")
public class CreateRequest {
    @Schema(required = true, maxLength = 64, description = "Unique among the owner's credentials that are not revoked")
    public String name;
    @Schema(maxLength = 255)
    public String description;
    @Schema(description = "An ISO-8601 date-time, or a date (the end of that day, UTC); default: now plus the policy's "
            + "defaultLifetimeDays; at most maxLifetimeDays ahead", examples = "2027-01-31")
    public String expiresAt;
    @Schema(description = "The application (a clientId the policy allows); default: the realm's default application")
    public String clientId;
    @Schema(description = "Realm roles the owner holds; default: none")
    public List<String> realmRoles;
    @Schema(description = "Client roles the owner holds, by clientId; default: none")
    public Map<String, List<String>> clientRoles;
    @Schema(description = "Optional client scopes of the application; default: none")
    public List<String> scopes;
    @Schema(description = "Restrict its tokens to these calls; default: none")
    public List<AccessRuleRepresentation> accessRules;
    @Schema(description = "Networks it may be used from, as CIDR (10.0.0.0/8); default: anywhere")
    public List<String> allowedCidrs;
    @Schema(description = "Bind its tokens to a DPoP key; cannot be false when the realm requires DPoP")
    public Boolean requireDpop;

    /** The request in the domain's terms (each value still unchecked). */
    public AppCredentialRequest toDomain() {
        List<AppCredentialRequest.Rule> rules = accessRules == null ? null
                : accessRules.stream().map(r -> r == null ? null : new AppCredentialRequest.Rule(r.method, r.path)).toList();
        return new AppCredentialRequest(name, description, expiresAt, clientId, realmRoles, clientRoles, scopes, rules, allowedCidrs,
                requireDpop);
    }
}
