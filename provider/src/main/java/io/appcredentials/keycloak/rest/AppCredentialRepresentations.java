package io.appcredentials.keycloak.rest;

import java.util.ArrayList;
import java.util.Objects;

import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;

import io.appcredentials.keycloak.mfa.MfaBinding;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.rest.representation.AccessRuleRepresentation;
import io.appcredentials.keycloak.rest.representation.AppCredentialRepresentation;
import io.appcredentials.keycloak.service.AppCredentialInput;
import io.appcredentials.keycloak.service.AppCredentialService;
import io.appcredentials.keycloak.service.GrantedRoles;

/** The one conversion from model to JSON, for both resources (the README's "The user API" shows the fields). */
final class AppCredentialRepresentations {

    private final KeycloakSession session;
    private final RealmModel realm;
    private RealmPolicy policy;

    private static final long DAY_MILLIS = 86_400_000L;
    /** The idle job's margin past maxIdleDays (it runs hourly). */
    private static final long HOUR_MILLIS = 3_600_000L;

    AppCredentialRepresentations(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    AppCredentialRepresentation of(AppCredentialModel c, boolean withOwner) {
        if (policy == null) {
            policy = RealmPolicy.of(realm);
        }
        AppCredentialRepresentation r = new AppCredentialRepresentation();
        r.id = c.getId();
        r.name = c.getName();
        r.description = c.getDescription();
        ClientModel client = realm.getClientById(c.getClientUuid());
        r.clientId = client == null ? null : client.getClientId();
        // roles deleted since grant nothing and are not shown
        GrantedRoles roles = GrantedRoles.of(c.getRoleIds().stream().map(realm::getRoleById).filter(Objects::nonNull));
        r.realmRoles = roles.realmRoles();
        r.clientRoles = roles.clientRoles();
        r.scopes = new ArrayList<>(c.getScopes());
        long now = Time.currentTimeMillis();
        AppCredentialState state = c.getState(now);
        r.state = state.value();
        r.stateReason = state == AppCredentialState.ACTIVE ? null : c.getStateReason();
        if (policy.maxIdleDays() != null && state != AppCredentialState.REVOKED && state != AppCredentialState.EXPIRED) {
            long basis = c.getLastUsedAt() == null ? c.getActivatedAt() : Math.max(c.getLastUsedAt(), c.getActivatedAt());
            r.idleDays = (int) Math.max(0, (now - basis) / DAY_MILLIS);
            if (state == AppCredentialState.ACTIVE) {
                r.idleRetiresAt = AppCredentialInput.iso(basis + policy.maxIdleDays() * DAY_MILLIS + HOUR_MILLIS);
            }
        }
        r.createdAt = AppCredentialInput.iso(c.getCreatedAt());
        r.expiresAt = AppCredentialInput.iso(c.getExpiresAt());
        r.lastUsedAt = c.getLastUsedAt() == null ? null : AppCredentialInput.iso(c.getLastUsedAt());
        r.lastUsedIp = c.getLastUsedIp();
        r.useCount = c.getUseCount();
        Long previousUntil = c.getPreviousSecretUntil();
        if (previousUntil != null && c.getPreviousSecretHash() != null && previousUntil > Time.currentTimeMillis()) {
            r.previousSecretExpiresAt = AppCredentialInput.iso(previousUntil);
            r.previousSecretLastUsedAt = c.getPreviousSecretLastUsedAt() == null ? null : AppCredentialInput.iso(c.getPreviousSecretLastUsedAt());
        }
        r.accessRules = c.getAccessRules().stream().map(a -> AccessRuleRepresentation.of(a.method(), a.path())).toList();
        r.allowedCidrs = c.getAllowedCidrs().stream().map(Object::toString).toList();
        r.requireDpop = c.isRequireDpop();
        r.recentUses = c.getRecentUses().stream()
                .map(u -> new AppCredentialRepresentation.RecentUse(u.ip(), AppCredentialInput.iso(u.lastSeenAt()))).toList();
        r.mfa = MfaBinding.isProvedFactor(c.getMfa()) ? c.getMfa() : null;
        r.mfaBinding = MfaBinding.describe(c.getMfa(), c.isCreatedByAdmin(), policy);
        if (c.getCreatedBy() != null) {
            UserModel creator = session.users().getUserById(realm, c.getCreatedBy());
            if (creator == null && c.isCreatedByAdmin()) {
                // server administrators live in the master realm
                RealmModel master = session.realms().getRealmByName(Config.getAdminRealm());
                creator = master == null ? null : session.users().getUserById(master, c.getCreatedBy());
            }
            r.createdBy = new AppCredentialRepresentation.CreatorRef(c.getCreatedBy(),
                    creator == null ? null : creator.getUsername(), c.isCreatedByAdmin());
        }
        if (withOwner) {
            UserModel owner = session.users().getUserById(realm, c.getUserId());
            r.owner = new AppCredentialRepresentation.UserRef(c.getUserId(), owner == null ? null : owner.getUsername());
        }
        return r;
    }

    /** The representation with the secret and the token endpoint: only in the answer that creates the secret. */
    AppCredentialRepresentation withSecret(AppCredentialService.WithSecret created, boolean withOwner) {
        AppCredentialRepresentation r = of(created.credential(), withOwner);
        r.secret = created.secret();
        r.tokenEndpoint = Urls.realmBase(session.getContext().getUri().getBaseUri())
                .path("{realm}/protocol/openid-connect/token").build(realm.getName()).toString();
        return r;
    }
}
