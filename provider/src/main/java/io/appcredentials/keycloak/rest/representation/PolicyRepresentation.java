package io.appcredentials.keycloak.rest.representation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.appcredentials.keycloak.policy.RealmPolicy;

/** JSON of the realm policy, as {@code GET /admin/realms/{realm}/app-credentials/policy} answers it and {@code PUT} takes it. */
@Schema(name = "Policy", additionalProperties = Schema.False.class, description = "The realm's policy for application "
        + "credentials. GET answers every field; a PUT is the whole policy, where a field left out takes its default (unknown "
        + "fields are refused). The README's table explains each field and its default")
public class PolicyRepresentation {
    @Schema(description = "Users may create credentials (default true)")
    public Boolean enabled;
    @Schema(description = "Creating, regenerating and renewing need a fresh second factor (default true)")
    public Boolean requireMfa;
    @Schema(description = "How recent that second factor must be, in seconds")
    public Integer mfaMaxAgeSeconds;
    public Integer defaultLifetimeDays;
    public Integer maxLifetimeDays;
    @Schema(minimum = "0", maximum = "1000", description = "Live (not revoked, not expired) credentials per user")
    public Integer maxPerUser;
    @Schema(enumeration = { "suspend", "revoke", "keep" }, description = "What happens to a user's credentials when they lose their "
            + "last second factor")
    public String onMfaRemoved;
    @Schema(description = "The applications (clientIds) credentials may be made for")
    public List<String> allowedClients;
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(nullable = true, description = "Lifespan of the tokens of credentials; null: the realm's access token lifespan")
    public Integer accessTokenLifespanSeconds;
    @Schema(description = "Days revoked and expired credentials stay listed")
    public Integer retentionDays;
    @Schema(description = "Every new credential's tokens are DPoP-bound")
    public Boolean requireDpop;
    @Schema(description = "Days before expiry on which the owner is mailed")
    public List<Integer> expiryReminderDays;
    @Schema(description = "Mail the owner when a credential is created or its secret regenerated")
    public Boolean notifyOnCreate;
    @Schema(description = "Identity providers whose second factor counts, by alias")
    public Map<String, TrustedIdp> trustedIdpMfa;
    @Schema(description = "Secrets issued per owner per hour (creations and regenerations)")
    public Integer maxCreatesPerHour;
    @Schema(description = "Credentials an administrator makes for a user may be unbound when the user has no second factor")
    public Boolean allowUnboundAdminCredentials;
    @Schema(minimum = "0", maximum = "720", description = "The longest a previous secret may keep working after a regenerate "
            + "(overlapSeconds), in hours; 0: regenerate ends the old secret at once (default 168)")
    public Integer maxRotationOverlapHours;
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(nullable = true, minimum = "1", maximum = "365", description = "A credential with no token request for this many days "
            + "(counted from when it became active, when not used since) is disabled with stateReason idle, after a warning mail; "
            + "null (the default): off")
    public Integer maxIdleDays;

    /** What counts as a second factor done at one identity provider. */
    @Schema(name = "TrustedIdp", additionalProperties = Schema.False.class, description = "What counts as a second factor done "
            + "at the identity provider: any of these amr or acr values in its tokens")
    public static class TrustedIdp {
        public List<String> amr;
        public List<String> acr;
    }

    /** A whole policy from a PUT body: fields left out take their defaults. */
    public RealmPolicy toPolicy() {
        RealmPolicy d = RealmPolicy.DEFAULTS;
        Map<String, RealmPolicy.TrustedIdp> trusted = null;
        if (trustedIdpMfa != null) {
            trusted = new LinkedHashMap<>();
            for (Map.Entry<String, TrustedIdp> e : trustedIdpMfa.entrySet()) {
                trusted.put(e.getKey(), e.getValue() == null ? null : new RealmPolicy.TrustedIdp(e.getValue().amr, e.getValue().acr));
            }
        }
        return new RealmPolicy(
                enabled == null ? d.enabled() : enabled,
                requireMfa == null ? d.requireMfa() : requireMfa,
                mfaMaxAgeSeconds == null ? d.mfaMaxAgeSeconds() : mfaMaxAgeSeconds,
                defaultLifetimeDays == null ? d.defaultLifetimeDays() : defaultLifetimeDays,
                maxLifetimeDays == null ? d.maxLifetimeDays() : maxLifetimeDays,
                maxPerUser == null ? d.maxPerUser() : maxPerUser,
                onMfaRemoved == null ? d.onMfaRemoved() : RealmPolicy.OnMfaRemoved.parse(onMfaRemoved),
                allowedClients == null ? d.allowedClients() : allowedClients.stream().distinct().toList(),
                accessTokenLifespanSeconds,
                retentionDays == null ? d.retentionDays() : retentionDays,
                requireDpop == null ? d.requireDpop() : requireDpop,
                expiryReminderDays == null ? d.expiryReminderDays() : expiryReminderDays,
                notifyOnCreate == null ? d.notifyOnCreate() : notifyOnCreate,
                trusted == null ? d.trustedIdpMfa() : trusted,
                maxCreatesPerHour == null ? d.maxCreatesPerHour() : maxCreatesPerHour,
                allowUnboundAdminCredentials == null ? d.allowUnboundAdminCredentials() : allowUnboundAdminCredentials,
                maxIdleDays);
    }

    public static PolicyRepresentation of(RealmPolicy p) {
        PolicyRepresentation r = new PolicyRepresentation();
        r.enabled = p.enabled();
        r.requireMfa = p.requireMfa();
        r.mfaMaxAgeSeconds = p.mfaMaxAgeSeconds();
        r.defaultLifetimeDays = p.defaultLifetimeDays();
        r.maxLifetimeDays = p.maxLifetimeDays();
        r.maxPerUser = p.maxPerUser();
        r.onMfaRemoved = p.onMfaRemoved().value();
        r.allowedClients = p.allowedClients();
        r.accessTokenLifespanSeconds = p.accessTokenLifespanSeconds();
        r.retentionDays = p.retentionDays();
        r.requireDpop = p.requireDpop();
        r.expiryReminderDays = p.expiryReminderDays();
        r.notifyOnCreate = p.notifyOnCreate();
        r.maxCreatesPerHour = p.maxCreatesPerHour();
        r.allowUnboundAdminCredentials = p.allowUnboundAdminCredentials();
        r.maxIdleDays = p.maxIdleDays();
        r.trustedIdpMfa = new LinkedHashMap<>();
        p.trustedIdpMfa().forEach((alias, t) -> {
            TrustedIdp rep = new TrustedIdp();
            rep.amr = t.amr();
            rep.acr = t.acr();
            r.trustedIdpMfa.put(alias, rep);
        });
        return r;
    }
}
