package io.appcredentials.keycloak.rest.representation;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** JSON of a credential, as both APIs answer it. {@code secret} and {@code tokenEndpoint} appear only in create/regenerate answers. */
@Schema(name = "AppCredential", description = "An application credential. Fields that are null are left out, except "
        + "lastUsedAt, lastUsedIp, recentUses, mfa, previousSecretExpiresAt and previousSecretLastUsedAt, which are always there")
@JsonPropertyOrder({ "id", "name", "description", "clientId", "realmRoles", "clientRoles", "scopes", "state",
        "createdAt", "expiresAt", "lastUsedAt", "lastUsedIp", "useCount", "recentUses", "accessRules", "allowedCidrs",
        "requireDpop", "mfa", "mfaBinding", "createdBy", "owner", "secret",
        "tokenEndpoint" })
public class AppCredentialRepresentation {

    @Schema(name = "UserRef", description = "The owner (admin API only)")
    public record UserRef(@Schema(required = true) String id, @Schema(description = "Left out when the user is gone") String username) {
    }

    @Schema(name = "CreatorRef", description = "Who made the credential")
    public record CreatorRef(@Schema(required = true) String id, @Schema(description = "Left out when the user is gone") String username,
                             @Schema(required = true, description = "Made by an administrator for the owner") boolean admin) {
    }

    /** A source address of the last uses and when it was last seen. */
    @Schema(name = "RecentUse", description = "A source address of the last uses and when it was last seen")
    public record RecentUse(@Schema(required = true) String ip, @Schema(required = true, format = "date-time") String lastSeenAt) {
    }

    @Schema(required = true, description = "The credential's id: the client_id at the token endpoint")
    public String id;
    @Schema(required = true)
    public String name;
    public String description;
    @Schema(description = "The application (client) whose tokens it gets; left out when that client was deleted")
    public String clientId;
    @Schema(required = true, description = "Realm roles its tokens carry")
    public List<String> realmRoles;
    @Schema(required = true, description = "Client roles its tokens carry, by clientId")
    public Map<String, List<String>> clientRoles;
    @Schema(required = true, description = "Optional client scopes of the application its tokens get")
    public List<String> scopes;
    @Schema(required = true, enumeration = { "active", "disabled", "suspended", "expired", "revoked" },
            description = "suspended: its owner lost the second factor it is bound to; only the owner reactivates it")
    public String state;
    @Schema(required = true, format = "date-time")
    public String createdAt;
    @Schema(required = true, format = "date-time")
    public String expiresAt;
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(required = true, nullable = true, format = "date-time", description = "null until first used")
    public String lastUsedAt;
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(required = true, nullable = true)
    public String lastUsedIp;
    @Schema(required = true, description = "Tokens issued from it")
    public long useCount;
    /** Until when the previous secret of a regenerate with an overlap keeps working; null when there is none. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(required = true, nullable = true, format = "date-time", description = "Until when the previous secret of a "
            + "regenerate with overlapSeconds keeps working (it and its tokens end then); null when there is none")
    public String previousSecretExpiresAt;
    /** The previous secret's last use since the rotation; null when it was not used since (or there is none). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(required = true, nullable = true, format = "date-time", description = "When the previous secret was last used "
            + "since the rotation; null: not used since (or no previous secret). Written with the batched last-use update")
    public String previousSecretLastUsedAt;
    @Schema(required = true, description = "What its tokens may call (empty: no restriction)")
    public List<AccessRuleRepresentation> accessRules;
    @Schema(required = true, description = "Networks it may be used from, as CIDR (empty: anywhere)")
    public List<String> allowedCidrs;
    @Schema(required = true, description = "Its tokens are DPoP-bound")
    public boolean requireDpop;
    /** The last five distinct source addresses, most recently seen first (written with the batched last-use update). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(required = true, description = "The last five distinct source addresses, most recently seen first")
    public List<RecentUse> recentUses;
    /** The second factor proved when the credential was made (null when an administrator made it, or none was asked). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(required = true, nullable = true, description = "The second factor proved when it was made (null when an "
            + "administrator made it, or none was asked)")
    public String mfa;
    /**
     * What the credential is bound to: {@code local} (the owner's own second factors), {@code idp:<alias>} (the owner's
     * link to that trusted identity provider), {@code any} (whichever of these the owner has: credentials that recorded
     * no factor) or {@code none} (an administrator's credential exempt under {@code allowUnboundAdminCredentials}).
     */
    @Schema(description = "What it is bound to: local (the owner's own second factors), idp:<alias> (the owner's link to "
            + "that trusted identity provider), any, or none (an administrator's credential exempt under "
            + "allowUnboundAdminCredentials); losing it suspends or revokes the credential")
    public String mfaBinding;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(enumeration = { "owner", "admin", "idle" }, description = "Why it is not active where that is not obvious: "
            + "owner or admin (disabled by hand), idle (disabled because no token was requested for the policy's maxIdleDays; "
            + "the owner enables it again with a fresh second factor); left out otherwise")
    public String stateReason;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(minimum = "0", description = "Whole days since its last token request (or since it became active, when not "
            + "used since); left out when the policy's maxIdleDays is off or the credential is revoked or expired")
    public Integer idleDays;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(format = "date-time", description = "When it will be disabled as idle unless used before; left out unless active "
            + "with the policy's maxIdleDays on")
    public String idleRetiresAt;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public CreatorRef createdBy;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Admin API only")
    public UserRef owner;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "Only in the answer of create and regenerate: shown once, never stored in clear")
    public String secret;
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(format = "uri", description = "Only with the secret: where to exchange it for tokens")
    public String tokenEndpoint;
}
