package io.appcredentials.keycloak.rest;

import java.util.ArrayList;
import java.util.List;

import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;

import io.appcredentials.keycloak.application.DefaultApplication;
import io.appcredentials.keycloak.mfa.SecondFactorGate;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.policy.RotationPolicy;
import io.appcredentials.keycloak.rest.representation.OptionsRepresentation;
import io.appcredentials.keycloak.rest.representation.PolicyRepresentation;
import io.appcredentials.keycloak.restriction.AccessRule;
import io.appcredentials.keycloak.restriction.Cidr;
import io.appcredentials.keycloak.service.AppCredentialInput;
import io.appcredentials.keycloak.service.AppCredentialService;
import io.appcredentials.keycloak.service.GrantedRoles;

/** The answer to {@code GET /options}: what the user may choose when creating a credential, under the realm's policy. */
final class Options {

    private Options() {
    }

    static OptionsRepresentation of(KeycloakSession session, RealmModel realm, UserModel user, AppCredentialService service) {
        RealmPolicy policy = RealmPolicy.of(realm);
        long now = Time.currentTimeMillis();
        OptionsRepresentation o = new OptionsRepresentation();
        o.clients = new ArrayList<>();
        o.unavailableClients = new ArrayList<>();
        for (String clientId : policy.allowedClients()) {
            boolean isDefault = DefaultApplication.CLIENT_ID.equals(clientId);
            ClientModel client = isDefault ? DefaultApplication.find(realm) : realm.getClientByClientId(clientId);
            if (client == null || !client.isEnabled()) {
                o.unavailableClients.add(new OptionsRepresentation.Unavailable(clientId, isDefault, client == null ? "missing" : "disabled"));
                continue;
            }
            OptionsRepresentation.Application app = new OptionsRepresentation.Application();
            app.clientId = client.getClientId();
            app.name = client.getName() == null || client.getName().isBlank() ? client.getClientId() : client.getName();
            app.isDefault = DefaultApplication.CLIENT_ID.equals(client.getClientId());
            app.scopes = client.getClientScopes(false).keySet().stream()
                    .filter(name -> !OAuth2Constants.OFFLINE_ACCESS.equals(name)).sorted().toList();
            o.clients.add(app);
        }
        // every role the user holds, directly or through groups, with composites expanded
        GrantedRoles held = GrantedRoles.of(RoleUtils.getDeepUserRoleMappings(user).stream());
        o.realmRoles = held.realmRoles();
        o.clientRoles = held.clientRoles();
        o.policy = PolicyRepresentation.of(policy);
        o.policy.maxRotationOverlapHours = RotationPolicy.maxOverlapHours(realm);
        o.rotationOverlapChoices = RotationPolicy.choices(realm);
        o.defaultExpiresAt = AppCredentialInput.iso(now + AppCredentialInput.days(policy.defaultLifetimeDays()));
        o.maxExpiresAt = AppCredentialInput.iso(now + AppCredentialInput.days(policy.maxLifetimeDays()));
        o.count = service.countLive(user);
        o.createdInLastHour = service.countIssuedInLastHour(user);
        o.restrictions = new OptionsRepresentation.Restrictions();
        o.restrictions.methods = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "*");
        o.restrictions.maxAccessRules = AccessRule.MAX_RULES;
        o.restrictions.maxPathLength = AccessRule.MAX_PATH;
        o.restrictions.maxAllowedCidrs = Cidr.MAX_CIDRS;
        o.restrictions.requireDpop = policy.requireDpop();
        o.limits = new OptionsRepresentation.Limits();
        o.limits.nameMaxLength = AppCredentialInput.MAX_NAME;
        o.limits.descriptionMaxLength = AppCredentialInput.MAX_DESCRIPTION;
        SecondFactorGate.Standing standing = SecondFactorGate.standing(session, realm, user, policy);
        o.secondFactor = new OptionsRepresentation.SecondFactor();
        o.secondFactor.required = standing.required();
        o.secondFactor.configured = standing.configured();
        o.secondFactor.source = standing.source();
        o.secondFactor.identityProvider = standing.identityProvider();
        return o;
    }
}
