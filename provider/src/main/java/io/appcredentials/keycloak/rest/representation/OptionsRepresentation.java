package io.appcredentials.keycloak.rest.representation;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer of {@code GET /options}: what the caller may choose under the realm policy. */
@Schema(name = "Options", description = "What the caller may choose when creating a credential, under the realm policy")
public class OptionsRepresentation {

    @Schema(name = "Application", description = "An application credentials may be made for")
    public static class Application {
        @Schema(required = true)
        public String clientId;
        @Schema(required = true, description = "Its display name (the clientId when it has none)")
        public String name;
        @JsonProperty("default")
        @Schema(required = true, description = "The realm's default application")
        public boolean isDefault;
        /** Optional client scopes of the application, which a credential may be given. */
        @Schema(required = true, description = "Its optional client scopes, which a credential may be given")
        public List<String> scopes;
    }

    @Schema(required = true)
    public List<Application> clients;
    /**
     * Applications the policy allows that cannot be used now: {@code missing} (deleted; for the default application, an
     * administrator restores it) or {@code disabled}. Empty when all can be used.
     */
    @Schema(required = true, description = "Allowed applications that cannot be used now (empty when all can)")
    public List<Unavailable> unavailableClients;

    /** An allowed application that cannot be used now, and why. */
    @Schema(name = "UnavailableApplication")
    public record Unavailable(@Schema(required = true) String clientId,
                              @Schema(required = true) @JsonProperty("default") boolean isDefault,
                              @Schema(required = true, enumeration = { "missing", "disabled" },
                                      description = "missing: deleted (an administrator restores the default one); disabled") String reason) {
    }

    @Schema(required = true, description = "Realm roles the caller holds (directly, through groups or composites)")
    public List<String> realmRoles;
    @Schema(required = true, description = "Client roles the caller holds, by clientId")
    public Map<String, List<String>> clientRoles;
    @Schema(required = true)
    public PolicyRepresentation policy;
    @Schema(required = true, format = "date-time", description = "The expiry a credential gets when none is asked")
    public String defaultExpiresAt;
    @Schema(required = true, format = "date-time", description = "The latest expiry a credential may have")
    public String maxExpiresAt;
    /** Live credentials the caller has now (counted against {@code policy.maxPerUser}). */
    @Schema(required = true, description = "Live credentials the caller has now (counted against policy.maxPerUser)")
    public long count;
    /** Creations and secret regenerations of the caller's credentials within the last hour (counted against {@code policy.maxCreatesPerHour}). */
    @Schema(required = true, description = "Secrets issued for the caller in the last hour (counted against policy.maxCreatesPerHour)")
    public long createdInLastHour;
    /** What a credential may be restricted to, and what the realm requires. */
    @Schema(required = true)
    public Restrictions restrictions;
    /** The longest name and description a credential may have, in characters (UTF-16 code units, after trimming). */
    @Schema(required = true)
    public Limits limits;

    @Schema(name = "Limits", description = "The longest name and description, in characters (UTF-16 code units, after trimming)")
    public static class Limits {
        @Schema(required = true)
        public int nameMaxLength;
        @Schema(required = true)
        public int descriptionMaxLength;
    }

    @Schema(name = "Restrictions", description = "What a credential may be restricted to, and what the realm requires")
    public static class Restrictions {
        @Schema(required = true, description = "Methods an access rule may name")
        public List<String> methods;
        @Schema(required = true)
        public int maxAccessRules;
        @Schema(required = true)
        public int maxPathLength;
        @Schema(required = true)
        public int maxAllowedCidrs;
        /** The realm requires DPoP for every new credential. */
        @Schema(required = true, description = "The realm requires DPoP for every new credential")
        public boolean requireDpop;
    }

    /** What the caller needs as second factor to create credentials, so that a client can say it up front. */
    @Schema(required = true, description = "The overlaps (seconds) a regenerate may keep the old secret working for, of none, "
            + "1 hour, 1 day and 7 days, within the policy's maxRotationOverlapHours; any whole number of seconds up to that "
            + "maximum is accepted too")
    public List<Long> rotationOverlapChoices;
    @Schema(required = true)
    public SecondFactor secondFactor;

    @Schema(name = "SecondFactor", description = "What the caller needs as second factor, so that a client can say it up front")
    public static class SecondFactor {
        /** Whether creating, regenerating and renewing need a fresh second factor in this realm. */
        @Schema(required = true, description = "Creating, regenerating and renewing need a fresh second factor")
        public boolean required;
        /** Whether the caller has one configured (when not, creating is answered 403 until they set one up). */
        @Schema(required = true, description = "The caller has one (when not, creating is answered 403 until they set one up)")
        public boolean configured;
        /**
         * Where the factor is proved: "local" (the user's own authenticator app, security key, recovery codes),
         * "identity-provider" (at the provider named by {@code identityProvider}, which the realm trusts for it), or
         * "none" (no second factor required).
         */
        @Schema(required = true, enumeration = { "local", "identity-provider", "none" })
        public String source;
        /** The trusted identity provider the user is linked to, whose second factor counts (null if none). */
        @Schema(description = "The trusted identity provider whose second factor counts (left out when none)")
        public String identityProvider;
    }
}
