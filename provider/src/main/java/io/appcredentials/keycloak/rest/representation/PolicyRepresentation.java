package io.appcredentials.keycloak.rest.representation;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.appcredentials.keycloak.policy.RealmPolicy;

/** JSON of the realm policy (SPEC §6). */
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

    /** A whole policy from a PUT body: fields left out take their defaults. */
    public RealmPolicy toPolicy() {
        RealmPolicy d = RealmPolicy.DEFAULTS;
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
                retentionDays == null ? d.retentionDays() : retentionDays);
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
        return r;
    }
}
