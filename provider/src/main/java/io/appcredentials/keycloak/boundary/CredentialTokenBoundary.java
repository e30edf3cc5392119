package io.appcredentials.keycloak.boundary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import jakarta.ws.rs.core.Response;

import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.util.JsonSerialization;

import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.model.CredentialLease;
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
 *       ({@link AdminApiGuard}); never for this extension's admin writes</td></tr>
 *   <tr><td>this extension's user API</td><td>accepted, then refused by the resource with a clear 403</td></tr>
 * </table>
 *
 * <p>Everything else, including the token endpoint (token exchange as subject or actor token, UMA grants), other
 * realms, the admin console's whoami, client registration and any realm resource another extension adds, refuses
 * it. Enforced at two of Keycloak's own chokepoints: the revoked-token check, which every surface that accepts an
 * access token runs ({@link LeaseRevokedTokenProviderFactory}), and the grant type's {@code isTokenAllowed}, which
 * bearer-authenticated REST runs with the whole token.
 */
public final class CredentialTokenBoundary {

    /** Protocol mappers that rebuild role claims from the user. */
    private static final Set<String> ROLE_MAPPERS = Set.of(
            "oidc-usermodel-realm-role-mapper", "oidc-usermodel-client-role-mapper", "oidc-hardcoded-role-mapper",
            "oidc-role-name-mapper");

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CredentialTokenBoundary.class);

    /** Why the boundary is not in force on this server (set at start-up), or null. */
    private static volatile String notInForce;

    private CredentialTokenBoundary() {
    }

    /**
     * Checks at start-up that Keycloak uses this extension's revoked-token store and introspection provider. A
     * server configured to use others (e.g. {@code --spi-revoked-token--provider=…}) would accept credential tokens
     * everywhere; credentials are then refused at the token endpoint instead (fail closed), and the log says why.
     */
    public static void verifyInForce(org.keycloak.models.KeycloakSessionFactory factory) {
        List<String> problems = new ArrayList<>();
        var revoked = factory.getProviderFactory(org.keycloak.models.RevokedTokenProvider.class);
        if (!(revoked instanceof LeaseRevokedTokenProviderFactory)) {
            problems.add("the revoked-token store is '" + (revoked == null ? null : revoked.getId()) + "', not '"
                    + LeaseRevokedTokenProviderFactory.PROVIDER_ID + "'");
        }
        var introspection = factory.getProviderFactory(org.keycloak.protocol.oidc.TokenIntrospectionProvider.class,
                org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE);
        if (!(introspection instanceof RestrictedIntrospectionProviderFactory)) {
            problems.add("the access-token introspection provider is not this extension's");
        }
        notInForce = problems.isEmpty() ? null : String.join("; ", problems);
        if (notInForce != null) {
            LOG.errorf("Application credentials are refused on this server: %s. Remove the server options that select "
                    + "other providers for these SPIs.", notInForce);
        }
    }

    /** Non-null when the boundary is not in force and credentials must be refused. */
    public static String notInForce() {
        return notInForce;
    }

    /**
     * The revoked-token question for a credential token: true ("revoked") when its lease has ended (credential not
     * active, or its tokens ended by a regenerate, disable or suspension) or when the current request is on a
     * surface where credential tokens are not accepted.
     */
    static boolean refuses(KeycloakSession session, CredentialTokens.Parsed parsed) {
        RealmModel realm = session.getContext().getRealm();
        if (realm == null) {
            return true;
        }
        CredentialLease credential = session.getProvider(AppCredentialProvider.class).getLease(realm, parsed.credentialId());
        if (credential == null || credential.state(System.currentTimeMillis()) != AppCredentialState.ACTIVE
                || credential.tokenGeneration() != parsed.generation()) {
            return true;
        }
        return switch (Surface.of(session)) {
            case USERINFO -> userinfoWouldShowRoles(realm, credential);
            case INTROSPECTION, ACCOUNT_API, ADMIN_API, EXTENSION_API, EXTENSION_ADMIN_API -> false;
            case OTHER -> true;
        };
    }

    /**
     * The bearer-authentication question, with the whole token: Keycloak's REST resources (admin, account, this
     * extension's, other extensions') ask it through the grant type's {@code isTokenAllowed}.
     */
    public static boolean allowsBearer(KeycloakSession session, AccessToken token) {
        if (!CredentialTokens.isCredentialToken(token)) {
            return true;
        }
        return switch (Surface.of(session)) {
            case ADMIN_API, EXTENSION_ADMIN_API -> AdminApiGuard.allows(session, token) && withinAccessRules(session, token);
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
        CredentialTokens.Parsed parsed = CredentialTokens.parse(token.getId());
        RealmModel realm = session.getContext().getRealm();
        CredentialLease lease = parsed == null || realm == null ? null
                : session.getProvider(AppCredentialProvider.class).getLease(realm, parsed.credentialId());
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
    static boolean userinfoWouldShowRoles(RealmModel realm, CredentialLease credential) {
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
