package io.appcredentials.keycloak.rest.representation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** JSON of a credential, as both APIs answer it. {@code secret} and {@code tokenEndpoint} appear only in create/regenerate answers. */
@JsonPropertyOrder({ "id", "name", "description", "clientId", "realmRoles", "clientRoles", "scopes", "state",
        "createdAt", "expiresAt", "lastUsedAt", "lastUsedIp", "useCount", "recentUses", "accessRules", "allowedCidrs",
        "requireDpop", "mfa", "mfaBinding", "createdBy", "owner", "secret",
        "tokenEndpoint" })
public class AppCredentialRepresentation {

    public record UserRef(String id, String username) {
    }

    public record CreatorRef(String id, String username, boolean admin) {
    }

    /** A source address of the last uses and when it was last seen. */
    public record RecentUse(String ip, String lastSeenAt) {
    }

    public String id;
    public String name;
    public String description;
    public String clientId;
    public List<String> realmRoles;
    public Map<String, List<String>> clientRoles;
    public List<String> scopes;
    public String state;
    public String createdAt;
    public String expiresAt;
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String lastUsedAt;
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String lastUsedIp;
    public long useCount;
    public List<AccessRuleRepresentation> accessRules;
    public List<String> allowedCidrs;
    public boolean requireDpop;
    /** The last five distinct source addresses, most recently seen first (written with the batched last-use update). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public List<RecentUse> recentUses;
    /** The second factor proved when the credential was made (null when an administrator made it, or none was asked). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public String mfa;
    /**
     * What the credential is bound to: {@code local} (the owner's own second factors), {@code idp:<alias>} (the owner's
     * link to that trusted identity provider), {@code any} (whichever of these the owner has: credentials that recorded
     * no factor) or {@code none} (an administrator's credential exempt under {@code allowUnboundAdminCredentials}).
     */
    public String mfaBinding;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public CreatorRef createdBy;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public UserRef owner;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String secret;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public String tokenEndpoint;
}
