package io.appcredentials.keycloak.rest.representation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Answer of {@code GET /options}: what the caller may choose under the realm policy. */
public class OptionsRepresentation {

    public static class Application {
        public String clientId;
        public String name;
        @JsonProperty("default")
        public boolean isDefault;
        /** Optional client scopes of the application, which a credential may be given. */
        public List<String> scopes;
    }

    public List<Application> clients;
    /**
     * Applications the policy allows that cannot be used now: {@code missing} (deleted; for the default application, an
     * administrator restores it) or {@code disabled}. Empty when all can be used.
     */
    public List<Unavailable> unavailableClients;

    /** An allowed application that cannot be used now, and why. */
    public record Unavailable(String clientId, @JsonProperty("default") boolean isDefault, String reason) {
    }

    public List<String> realmRoles;
    public Map<String, List<String>> clientRoles;
    public PolicyRepresentation policy;
    public String defaultExpiresAt;
    public String maxExpiresAt;
    /** Live credentials the caller has now (counted against {@code policy.maxPerUser}). */
    public long count;
    /** Creations and secret regenerations of the caller's credentials within the last hour (counted against {@code policy.maxCreatesPerHour}). */
    public long createdInLastHour;
    /** What a credential may be restricted to, and what the realm requires. */
    public Restrictions restrictions;
    /** The longest name and description a credential may have, in characters (UTF-16 code units, after trimming). */
    public Limits limits;

    public static class Limits {
        public int nameMaxLength;
        public int descriptionMaxLength;
    }

    public static class Restrictions {
        public List<String> methods;
        public int maxAccessRules;
        public int maxPathLength;
        public int maxAllowedCidrs;
        /** The realm requires DPoP for every new credential. */
        public boolean requireDpop;
    }

    /** What the caller needs as second factor to create credentials, so that a client can say it up front. */
    public SecondFactor secondFactor;

    public static class SecondFactor {
        /** Whether creating, regenerating and renewing need a fresh second factor in this realm. */
        public boolean required;
        /** Whether the caller has one configured (when not, creating is answered 403 until they set one up). */
        public boolean configured;
        /**
         * Where the factor is proved: "local" (the user's own authenticator app, security key, recovery codes),
         * "identity-provider" (at the provider named by {@code identityProvider}, which the realm trusts for it), or
         * "none" (no second factor required).
         */
        public String source;
        /** The trusted identity provider the user is linked to, whose second factor counts (null if none). */
        public String identityProvider;
    }
}
