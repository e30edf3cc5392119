package io.appcredentials.keycloak.mfa;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.Constants;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.appcredentials.keycloak.model.AppCredentialProvider;

/**
 * How each link between a user and an identity provider came about, recorded when Keycloak makes it, so that a second
 * factor done at the provider vouches for the user only when the link itself proved who the user is:
 * <ul>
 *   <li>{@value #REGISTERED}: the account was created from that upstream account (Keycloak's first broker login
 *       registered a new user): the upstream account is the account's origin;</li>
 *   <li>{@value #ADMIN}: an administrator linked them (admin console, admin API);</li>
 *   <li>{@value #SECOND_FACTOR}: the sign-in that made the link proved one of the user's own second factors here (the
 *       stock first broker login asks for it when re-authenticating a user who has one);</li>
 *   <li>{@value #PASSWORD}: anything else, which proves no more than a password or a mailbox: the first broker login's
 *       "Add to existing account" with the password alone or by e-mail, linking from the account console, automatic
 *       linking. Such a link never vouches: whoever knew the password could have linked their own upstream account.</li>
 * </ul>
 * A link with no record (made before this was recorded, or imported) vouches only for an account without a password:
 * nobody can have linked it by knowing one.
 */
public final class LinkProvenance {

    public static final String REGISTERED = "registered";
    public static final String ADMIN = "admin";
    public static final String SECOND_FACTOR = "second-factor";
    public static final String PASSWORD = "password";

    private static final Set<String> VOUCHING = Set.of(REGISTERED, ADMIN, SECOND_FACTOR);
    /** The kc_action value of Keycloak's account linking action: {@code idp_link:<alias>}. */
    private static final String IDP_LINK_ACTION = "idp_link:";
    private static final Logger LOG = Logger.getLogger(LinkProvenance.class);

    private LinkProvenance() {
    }

    /** Whether the user's current link to {@code alias} proves that the upstream account is the user's. */
    public static boolean provesOwner(KeycloakSession session, RealmModel realm, UserModel user, String alias) {
        FederatedIdentityModel link = session.users().getFederatedIdentity(realm, user, alias);
        if (link == null || link.getUserId() == null) {
            return false;
        }
        String how = session.getProvider(AppCredentialProvider.class).linkProvenance(realm, user.getId(), alias, link.getUserId());
        if (how == null) {
            return !user.credentialManager().isConfiguredFor(PasswordCredentialModel.TYPE);
        }
        return VOUCHING.contains(how);
    }

    /** Records (or forgets) a link from a user event: a broker registration, a link, an unlink. */
    public static void onEvent(KeycloakSession session, Event event) {
        EventType type = event.getType();
        if (type != EventType.REGISTER && type != EventType.FEDERATED_IDENTITY_LINK && type != EventType.REMOVE_FEDERATED_IDENTITY) {
            return;
        }
        Map<String, String> details = event.getDetails() == null ? Map.of() : event.getDetails();
        if (type == EventType.REGISTER && !"broker".equals(details.get(Details.REGISTER_METHOD))) {
            return;
        }
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        String alias = details.get(Details.IDENTITY_PROVIDER);
        if (alias == null && authSession != null) {
            // Keycloak's account linking action sends its event without the provider: it is in the action's parameter
            String action = authSession.getClientNote(Constants.KC_ACTION_PARAMETER);
            alias = action != null && action.startsWith(IDP_LINK_ACTION) ? action.substring(IDP_LINK_ACTION.length()) : action;
        }
        String how = switch (type) {
            case REGISTER -> REGISTERED;
            case FEDERATED_IDENTITY_LINK -> provedSecondFactor(authSession) ? SECOND_FACTOR : PASSWORD;
            default -> null;
        };
        apply(session, event.getRealmId(), event.getUserId(), alias, how);
    }

    /** Records (or forgets) a link an administrator made (or removed): {@code users/<id>/federated-identity/<alias>}. */
    public static void onAdminEvent(KeycloakSession session, AdminEvent event) {
        String path = event.getResourcePath();
        if (event.getResourceType() != ResourceType.USER || path == null || !path.startsWith("users/")) {
            return;
        }
        String[] parts = path.split("/");
        if (parts.length != 4 || !"federated-identity".equals(parts[2])) {
            return;
        }
        if (event.getOperationType() == OperationType.CREATE) {
            apply(session, event.getRealmId(), parts[1], parts[3], ADMIN);
        } else if (event.getOperationType() == OperationType.DELETE) {
            apply(session, event.getRealmId(), parts[1], parts[3], null);
        }
    }

    /** Records {@code how} for the user's current link to {@code alias}, or forgets it when {@code how} is null. */
    private static void apply(KeycloakSession session, String realmId, String userId, String alias, String how) {
        if (realmId == null || userId == null || alias == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(realmId);
        UserModel user = realm == null ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            return;
        }
        AppCredentialProvider store = session.getProvider(AppCredentialProvider.class);
        FederatedIdentityModel link = session.users().getFederatedIdentity(realm, user, alias);
        if (how == null || link == null || link.getUserId() == null) {
            store.forgetLink(realm, userId, alias);
            return;
        }
        store.recordLink(realm, userId, alias, link.getUserId(), how);
        LOG.debugf("Link of user %s to identity provider %s recorded as %s", userId, alias, how);
    }

    /** Whether the sign-in in progress verified one of the user's second factors (as Keycloak's authenticators record it). */
    private static boolean provedSecondFactor(AuthenticationSessionModel authSession) {
        if (authSession == null) {
            return false;
        }
        List<String> verified = AuthenticatorUtil.getAuthnCredentials(authSession);
        return verified.stream().anyMatch(MfaEvidence.SECOND_FACTOR_CREDENTIAL_TYPES::contains);
    }
}
