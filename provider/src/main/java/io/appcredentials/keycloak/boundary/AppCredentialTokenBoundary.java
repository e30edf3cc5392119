package io.appcredentials.keycloak.boundary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.util.JsonSerialization;

import io.appcredentials.keycloak.metrics.AppCredentialMetrics;
import io.appcredentials.keycloak.model.AppCredentialLease;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.model.cache.AppCredentialCache;
import io.appcredentials.keycloak.restriction.AccessRule;

/**
 * The one rule for tokens issued from application credentials: such a token is <em>restricted</em>, and Keycloak
 * accepts it only on an explicit allowlist of surfaces, each of which either answers from the token's own claims or
 * checks that it grants no more than the token carries. Everywhere else it is refused (deny by default).
 *
 * <table>
 *   <caption>Where a credential token is accepted</caption>
 *   <tr><th>surface</th><th>how the restriction holds</th></tr>
 *   <tr><td>resource servers outside Keycloak</td><td>the token's own claims (audience, roles, scope)</td></tr>
 *   <tr><td>userinfo</td><td>identity claims only: refused when the application's mappers would put roles into the
 *       userinfo answer, since Keycloak rebuilds those from the user</td></tr>
 *   <tr><td>introspection</td><td>answered from the token's own claims, roles ∩ the owner's current roles
 *       ({@link RestrictedIntrospectionProviderFactory})</td></tr>
 *   <tr><td>account REST API</td><td>only with its own {@code account} audience and roles, which Keycloak then uses
 *       as they are (without them Keycloak would rebuild the owner's account access)</td></tr>
 *   <tr><td>admin REST API</td><td>only when the token carries every admin role its owner holds
 *       ({@link AdminApiGuard}); never for this extension's admin writes. Besides the realm's resources, that takes in,
 *       for reading only, the realm's own representation ({@code /admin/realms/{realm}}), the realm list and
 *       {@code /admin/serverinfo}, which admin tools read to sign in; Keycloak answers each with the owner's admin
 *       rights, which the token carries whole</td></tr>
 *   <tr><td>this extension's user API</td><td>accepted, then refused by the resource with a clear 403</td></tr>
 * </table>
 *
 * <p>Everything else, including the token endpoint (token exchange as subject or actor token, UMA grants), other
 * realms, the admin console's whoami, client registration and any realm resource another extension adds, refuses
 * it. Enforced at two of Keycloak's own chokepoints: the revoked-token check, which every surface that accepts an
 * access token runs ({@link LeaseRevokedTokenProviderFactory}), and the grant type's {@code isTokenAllowed}, which
 * bearer-authenticated REST runs with the whole token. Whether these and the other hooks the boundary needs are in
 * force on this server is checked at start-up ({@link #checkAtStartup}, {@link BoundaryHooks}); until then, and on a
 * server where one is not, credentials are refused at the token endpoint.
 */
public final class AppCredentialTokenBoundary {

    /** Protocol mappers that rebuild role claims from the user. */
    private static final Set<String> ROLE_MAPPERS = Set.of(
            "oidc-usermodel-realm-role-mapper", "oidc-usermodel-client-role-mapper", "oidc-hardcoded-role-mapper",
            "oidc-role-name-mapper");

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AppCredentialTokenBoundary.class);

    /**
     * Whether the boundary is in force on one server: state of that server's default {@code app-credentials} provider
     * factory ({@link Owner}), so that every {@link KeycloakSessionFactory} in a JVM has its own.
     */
    public static final class InForce {
        /** Why the boundary is not in force, or null once the start-up check found every hook in force. */
        private volatile String notInForce = "the start-up check of the scope boundary has not run";
        private volatile long lastRefusalLogged;
        private final AtomicBoolean checkRegistered = new AtomicBoolean();

        /** Records the outcome of the check, and logs it. */
        void apply(List<String> problems) {
            notInForce = problems.isEmpty() ? null : String.join("; ", problems);
            if (notInForce != null) {
                LOG.errorf("Application credentials are refused on this server: the scope boundary of their tokens is not in force. "
                        + "Missing: %s. Remove the server options that select other providers for these hooks or disable the extension's own; "
                        + "on a Keycloak version other than 26.7.x, use a build of the extension for that version.", notInForce);
            } else {
                LOG.infof("Application credentials: every hook of the scope boundary is in force (%s, %s, %s, %s, %s, %s, %s)",
                        BoundaryHooks.REVOKED_TOKEN_STORE, BoundaryHooks.INTROSPECTION, BoundaryHooks.GRANT, BoundaryHooks.BEARER_HOOK,
                        BoundaryHooks.TOKEN_ID, BoundaryHooks.CLIENT_AUTHENTICATOR, BoundaryHooks.TOKEN_EXCHANGE);
            }
        }

        /**
         * Non-null when the boundary is not in force and credentials must be refused: what is missing. Until the
         * start-up check has run, credentials are refused (fail closed). A refusal for this reason is logged (at most
         * once a minute) with it.
         */
        String notInForce() {
            String missing = notInForce;
            if (missing != null) {
                long now = Time.currentTimeMillis();
                if (now - lastRefusalLogged > 60_000L) {
                    lastRefusalLogged = now;
                    LOG.warnf("An application credential was refused at the token endpoint: the scope boundary is not in force. Missing: %s", missing);
                }
            }
            return missing;
        }
    }

    /**
     * The provider factory that holds its server's {@link InForce}: the extension's lifecycle factory, event listener
     * {@value AppCredentialMetrics#OWNER_ID}.
     */
    public interface Owner {
        InForce boundary();
    }

    private AppCredentialTokenBoundary() {
    }

    /** The state of this server, or null when the extension's lifecycle factory is not deployed. */
    private static InForce of(KeycloakSessionFactory factory) {
        return factory.getProviderFactory(EventListenerProvider.class, AppCredentialMetrics.OWNER_ID) instanceof Owner owner
                ? owner.boundary() : null;
    }

    /**
     * Called by each provider factory of the boundary ({@link BoundaryHook}) in its {@code postInit}: once the server
     * has started (every provider initialised), checks that each hook of the boundary is in force ({@link BoundaryHooks}).
     * Where one is not (a server option selecting other providers, a provider disabled, a Keycloak version whose code
     * no longer calls the hook), credentials are refused at the token endpoint and the log names what is missing.
     * Registered by every hook, so that the check runs whichever of them this server loaded; it runs once per server.
     */
    public static void checkAtStartup(KeycloakSessionFactory factory) {
        InForce state = of(factory);
        if (state == null || !state.checkRegistered.compareAndSet(false, true)) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                verify(factory, state);
            }
        });
    }

    static void verify(KeycloakSessionFactory factory, InForce state) {
        List<String> problems = new ArrayList<>(BoundaryHooks.factoryProblems(factory));
        problems.addAll(BoundaryHooks.codeProblems(OAuth2GrantType.class.getClassLoader(), BoundaryHooks.BearerHookCode.KEYCLOAK_26_7));
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> problems.addAll(BoundaryHooks.sessionProblems(session)));
        } catch (RuntimeException e) {
            problems.add("the session-level hooks could not be checked (" + e + ")");
        }
        state.apply(problems);
    }

    /**
     * Non-null when the boundary is not in force on this session's server and credentials must be refused: what is
     * missing.
     */
    public static String notInForce(KeycloakSession session) {
        InForce state = of(session.getKeycloakSessionFactory());
        return state == null ? "the server's app-credentials provider is not the extension's default one" : state.notInForce();
    }

    /**
     * The revoked-token question for a credential token: true ("revoked") when its lease has ended (credential not
     * active, or its tokens ended by a regenerate, disable or suspension) or when the current request is on a
     * surface where credential tokens are not accepted.
     */
    static boolean refuses(KeycloakSession session, AppCredentialTokens.Parsed parsed) {
        RealmModel realm = session.getContext().getRealm();
        if (realm == null) {
            return true;
        }
        AppCredentialLease credential = AppCredentialCache.of(session).getLease(realm, parsed.credentialId());
        long now = Time.currentTimeMillis();
        // the current generation, or the previous secret's while it still works (rotation overlap)
        if (credential == null || credential.state(now) != AppCredentialState.ACTIVE
                || !credential.acceptsGeneration(parsed.generation(), now)) {
            return true;
        }
        return switch (Surface.of(session)) {
            case USERINFO -> userinfoWouldShowRoles(realm, credential);
            case INTROSPECTION, ACCOUNT_API, ADMIN_API, ADMIN_REALM, ADMIN_REALMS, ADMIN_SERVER_INFO, EXTENSION_API, EXTENSION_ADMIN_API -> false;
            case OTHER -> true;
        };
    }

    /**
     * The bearer-authentication question, with the whole token: Keycloak's REST resources (admin, account, this
     * extension's, other extensions') ask it through the grant type's {@code isTokenAllowed}.
     */
    public static boolean allowsBearer(KeycloakSession session, AccessToken token) {
        if (!AppCredentialTokens.isCredentialToken(token)) {
            return true;
        }
        return switch (Surface.of(session)) {
            case ADMIN_API -> AdminApiGuard.allows(session, token) && withinAccessRules(session, token)
                    && notPastTheBoundary(session);
            case EXTENSION_ADMIN_API -> AdminApiGuard.allows(session, token) && withinAccessRules(session, token);
            // reads only: the server's information, the list of realms (Keycloak shows the token's realm only)
            case ADMIN_SERVER_INFO, ADMIN_REALMS -> Surface.isRead(Surface.method(session)) && AdminApiGuard.allows(session, token)
                    && withinAccessRules(session, token);
            case ADMIN_REALM -> AdminApiGuard.allows(session, token) && withinAccessRules(session, token) && readsTheRealm(session);
            case ACCOUNT_API -> carriesOwnAccountAccess(token) && withinAccessRules(session, token);
            case EXTENSION_API, USERINFO, INTROSPECTION -> true;
            case OTHER -> false;
        };
    }

    /**
     * A credential with access rules calls Keycloak's admin and account APIs only with a method and path one of its
     * rules allows: otherwise 403 (a refusal by the rules, not an invalid token). Rules come from the credential's
     * lease (this node's cache), not from the token, so a token issued before cannot carry other rules.
     */
    static boolean withinAccessRules(KeycloakSession session, AccessToken token) {
        AppCredentialTokens.Parsed parsed = AppCredentialTokens.parse(token.getId());
        RealmModel realm = session.getContext().getRealm();
        AppCredentialLease lease = parsed == null || realm == null ? null
                : AppCredentialCache.of(session).getLease(realm, parsed.credentialId());
        if (lease == null) {
            return false;
        }
        if (lease.accessRules().isEmpty()) {
            return true;
        }
        String method = Surface.method(session);
        String path = Surface.decodedPath(session);
        if (method == null || path == null || !AccessRule.anyAllows(lease.accessRules(), method, path)) {
            throw new ErrorResponseException("access_denied", "The access rules of this application credential do not allow "
                    + (method == null || path == null ? "this request" : method + " " + path), Response.Status.FORBIDDEN);
        }
        return true;
    }

    /**
     * The realm's own representation is read, never written, with a credential token: its attributes hold this
     * extension's policy (second-factor requirement, lifetimes, trusted providers), which the extension's admin API never
     * lets a credential token change, and a realm update would. Refused with a 403 that says so.
     */
    static boolean readsTheRealm(KeycloakSession session) {
        if (Surface.isRead(Surface.method(session))) {
            return true;
        }
        throw new ErrorResponseException("access_denied", "A token issued from an application credential can read the realm but not change "
                + "or delete it: the realm holds the application-credentials policy", Response.Status.FORBIDDEN);
    }

    /**
     * The few admin endpoints that a credential token must not reach even with every role they need, since each would
     * take it past what the boundary keeps: a session of a user (impersonation, which needs no password and outlives the
     * credential), a token for a user (the client scope evaluation's example tokens), the realm written through the
     * admin console's own API ({@code ui-ext}, whose update takes the realm's attributes and so this extension's
     * policy), or every credential of an application deleted with it (deleting a client that credentials are for).
     * Refused with a 403 that says which.
     */
    static boolean notPastTheBoundary(KeycloakSession session) {
        String why = AdminApiExceptions.refusal(session.getContext().getRealm(), Surface.method(session), Surface.decodedPath(session));
        if (why == null) {
            return true;
        }
        throw new ErrorResponseException("access_denied", why, Response.Status.FORBIDDEN);
    }

    /**
     * Keycloak's account API uses the token's own {@code account} roles when the token has the {@code account}
     * audience and roles; otherwise it would rebuild the owner's account access, so such a token is refused.
     */
    static boolean carriesOwnAccountAccess(AccessToken token) {
        AccessToken.Access access = token.getResourceAccess(org.keycloak.models.Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        return token.hasAudience(org.keycloak.models.Constants.ACCOUNT_MANAGEMENT_CLIENT_ID)
                && access != null && access.getRoles() != null && !access.getRoles().isEmpty();
    }

    /**
     * Keycloak answers userinfo by running the application's userinfo mappers on the user, not on the token; a role
     * mapper there would show the owner's roles instead of the credential's, so the token is refused at userinfo
     * when one applies (the default scopes put no roles into userinfo).
     */
    static boolean userinfoWouldShowRoles(RealmModel realm, AppCredentialLease credential) {
        ClientModel client = realm.getClientById(credential.clientUuid());
        if (client == null) {
            return true;
        }
        Stream<ProtocolMapperModel> mappers = Stream.concat(client.getProtocolMappersStream(),
                Stream.concat(client.getClientScopes(true).values().stream(),
                        client.getClientScopes(false).entrySet().stream()
                                .filter(e -> credential.scopes().contains(e.getKey())).map(Map.Entry::getValue))
                        .flatMap(ClientScopeModel::getProtocolMappersStream));
        // Keycloak's own rule for "in userinfo": an explicit setting, or by default when the claim goes into the ID token
        return mappers.anyMatch(m -> ROLE_MAPPERS.contains(m.getProtocolMapper()) && OIDCAttributeMapperHelper.includeInUserInfo(m));
    }

    /**
     * The claims Keycloak may show for a credential token where it would otherwise rebuild them from the user
     * (introspection, the account API's fallback): the token's own claims, its roles further cut to those the
     * owner still holds. Never more than the token.
     */
    static AccessToken ownClaims(RealmModel realm, AccessToken token, UserModel owner) {
        AccessToken copy;
        try {
            copy = JsonSerialization.readValue(JsonSerialization.writeValueAsBytes(token), AccessToken.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot copy an access token", e);
        }
        if (copy.getRealmAccess() != null) {
            copy.setRealmAccess(held(copy.getRealmAccess(), owner, realm::getRole));
        }
        if (copy.getResourceAccess() != null && !copy.getResourceAccess().isEmpty()) {
            Map<String, AccessToken.Access> kept = new LinkedHashMap<>();
            copy.getResourceAccess().forEach((clientId, access) -> {
                ClientModel client = realm.getClientByClientId(clientId);
                AccessToken.Access still = client == null ? null : held(access, owner, client::getRole);
                if (still != null) {
                    kept.put(clientId, still);
                }
            });
            copy.setResourceAccess(kept);
        }
        return copy;
    }

    private static AccessToken.Access held(AccessToken.Access access, UserModel owner, java.util.function.Function<String, RoleModel> lookup) {
        if (access == null || access.getRoles() == null) {
            return null;
        }
        List<String> still = new ArrayList<>();
        for (String name : new LinkedHashSet<>(access.getRoles())) {
            RoleModel role = name == null ? null : lookup.apply(name);
            if (owner != null && role != null && owner.hasRole(role)) {
                still.add(name);
            }
        }
        if (still.isEmpty()) {
            return null;
        }
        AccessToken.Access out = new AccessToken.Access();
        out.roles(new LinkedHashSet<>(still));
        out.verifyCaller(access.getVerifyCaller());
        return out;
    }
}
