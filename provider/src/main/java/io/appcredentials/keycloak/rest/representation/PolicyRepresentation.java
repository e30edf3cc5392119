package io.appcredentials.keycloak.rest.representation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.appcredentials.keycloak.policy.RealmPolicy;

/** JSON of the realm policy, as {@code GET /admin/realms/{realm}/app-credentials/policy} answers it and {@code PUT} takes it. */
public class PolicyRepresentation {
    public Boolean enabled;
    public Boolean requireMfa;
    public Integer mfaMaxAgeSeconds;
    public Integer defaultLifetimeDays;
    public Integer maxLifetimeDays;
    public Integer maxPerUser;
    public String onMfaRemoved;
    public List<String> allowedClients;
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public Integer accessTokenLifespanSeconds;
    public Integer retentionDays;
    public Boolean requireDpop;
    public List<Integer> expiryReminderDays;
    public Boolean notifyOnCreate;
    public Map<String, TrustedIdp> trustedIdpMfa;
    public Integer maxCreatesPerHour;
    public Boolean allowUnboundAdminCredentials;

    /** What counts as a second factor done at one identity provider. */
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
                allowUnboundAdminCredentials == null ? d.allowUnboundAdminCredentials() : allowUnboundAdminCredentials);
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
