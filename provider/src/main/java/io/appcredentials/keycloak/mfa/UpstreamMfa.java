package io.appcredentials.keycloak.mfa;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.events.Details;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.keys.loader.PublicKeyStorageManager;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.IDToken;

import io.appcredentials.keycloak.policy.RealmPolicy;

/**
 * A second factor done at an upstream identity provider, counted only where the realm's policy trusts that
 * provider ({@code trustedIdpMfa}) and only from what Keycloak's broker itself wrote into the user session: the
 * alias of the provider the user signed in with ({@code identity_provider}) and the provider's ID token
 * ({@code FEDERATED_ID_TOKEN}). The token must be signed by the provider (its keys, as Keycloak's broker verifies
 * them), issued by it ({@code iss}), for this realm's client at it ({@code aud}/{@code azp}), about the user linked to
 * it ({@code sub} = the federated identity link), carry an allowed {@code amr} or {@code acr}, and be recent enough
 * ({@code auth_time}). Generic session notes are never evidence: an identity-provider mapper can write notes named
 * after any claim. And the link itself must prove that the upstream account is the user's ({@link LinkProvenance}):
 * one made with the local password alone could link anybody's.
 */
public final class UpstreamMfa {

    /** The broker's note with the provider's ID token. */
    static final String ID_TOKEN_NOTE = OIDCIdentityProvider.FEDERATED_ID_TOKEN;
    /** Prefix of the factor recorded on credentials that an upstream second factor vouched for. */
    public static final String FACTOR_PREFIX = "idp:";

    private static final Logger LOG = Logger.getLogger(UpstreamMfa.class);

    /**
     * A session from a trusted provider that cannot vouch for a second factor because of how the provider is set up
     * here (its ID token is not kept in the session, or its tokens cannot be verified): only an admin can change that,
     * so the user gets a 403 that says what to change rather than a challenge they could not answer.
     */
    public static final class Unverifiable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String alias;

        Unverifiable(String alias, String reason) {
            super(reason, null, false, false);
            this.alias = alias;
        }

        public String alias() {
            return alias;
        }
    }

    /**
     * Why this identity provider's ID tokens cannot serve as evidence of a second factor, or null when they can: it
     * must be an OpenID Connect provider (Keycloak's "oidc" or "keycloak-oidc") with an issuer, a client id and
     * signature validation on. Checked when the policy names it and again whenever a session relies on it.
     */
    public static String unusableBecause(IdentityProviderModel provider) {
        if (provider == null) {
            return "it does not exist";
        }
        if (!"oidc".equals(provider.getProviderId()) && !"keycloak-oidc".equals(provider.getProviderId())) {
            return "it is not an OpenID Connect provider (its ID tokens are the evidence)";
        }
        OIDCIdentityProviderConfig config = new OIDCIdentityProviderConfig(provider);
        if (!config.isValidateSignature()) {
            return "'Validate Signatures' is off for it";
        }
        String issuer = config.getConfig().get(IdentityProviderModel.ISSUER);
        if (issuer == null || issuer.isBlank()) {
            return "it has no 'Issuer'";
        }
        if (config.getClientId() == null || config.getClientId().isBlank()) {
            return "it has no 'Client ID'";
        }
        return null;
    }

    private UpstreamMfa() {
    }

    /** The trusted provider this session was brokered from, or null (a local login, or an untrusted provider). */
    public static String trustedAlias(UserSessionModel userSession, RealmPolicy policy) {
        if (userSession == null) {
            return null;
        }
        String alias = userSession.getNote(Details.IDENTITY_PROVIDER);
        return alias != null && policy.trustedIdpMfa().containsKey(alias) ? alias : null;
    }

    /**
     * The upstream second factor of this session, or null when there is none that counts (not a session from a
     * trusted provider, or its token does not show an allowed factor or does not check out). The age is measured
     * from the token's {@code auth_time}; the caller compares it with the policy.
     *
     * @throws Unverifiable when the session is from a trusted provider whose set-up here keeps its evidence out of
     *                      reach (no ID token kept, signatures not validated, no issuer)
     */
    public static MfaEvidence.Evidence evidence(KeycloakSession session, RealmModel realm, UserSessionModel userSession,
                                                UserModel user, RealmPolicy policy) {
        String alias = trustedAlias(userSession, policy);
        if (alias == null) {
            return null;
        }
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        if (provider == null || !provider.isEnabled()) {
            return null;
        }
        if (!signedInThrough(session, realm, userSession, user, alias)) {
            // e.g. a session signed in with a password into which an account at the provider was then linked: the
            // broker writes the provider's note and ID token into that session too, but nobody signed in through it
            LOG.debugf("Session of %s was not signed in through %s as the linked account", user.getUsername(), alias);
            return null;
        }
        if (!LinkProvenance.provesOwner(session, realm, user, alias)) {
            // the link was made with a password alone (say, by the first broker login's "add to existing account"): the
            // upstream account may be anybody's
            LOG.debugf("The link of %s to %s does not prove that the upstream account is theirs", user.getUsername(), alias);
            return null;
        }
        String unusable = unusableBecause(provider);
        if (unusable != null) {
            throw new Unverifiable(alias, unusable);
        }
        String encoded = userSession.getNote(ID_TOKEN_NOTE);
        if (encoded == null || encoded.isBlank()) {
            throw new Unverifiable(alias, "Keycloak keeps no ID token of it in the session: turn on \"Store token in session\" "
                    + "or \"Send 'id_token_hint' in logout requests\" for it");
        }
        try {
            OIDCIdentityProviderConfig config = new OIDCIdentityProviderConfig(provider);
            JWSInput jws = new JWSInput(encoded);
            if (!signedByProvider(session, realm, config, jws)) {
                LOG.debugf("Upstream ID token of %s in a session of %s: signature not verified", alias, user.getUsername());
                return null;
            }
            IDToken token = jws.readJsonContent(IDToken.class);
            if (!issuedByProviderForUs(config, token) || !aboutLinkedUser(session, realm, user, alias, token)) {
                LOG.debugf("Upstream ID token of %s in a session of %s: issuer, audience or subject do not match", alias, user.getUsername());
                return null;
            }
            String factor = allowedFactor(policy.trustedIdpMfa().get(alias), token);
            Long authTime = token.getAuth_time();
            if (factor == null || authTime == null) {
                return null;
            }
            return new MfaEvidence.Evidence(FACTOR_PREFIX + alias + ":" + factor, (int) (Time.currentTimeSeconds() - authTime), authTime);
        } catch (Exception e) {
            LOG.debugf(e, "Upstream ID token of %s in a session of %s is not usable", alias, user.getUsername());
            return null;
        }
    }

    /**
     * Whether the session itself was signed in through the provider as the account linked to the user now. Keycloak
     * records that only when a broker login creates the session ({@code brokerUserId} = alias + "." + upstream
     * subject); linking an account into an existing session, and later sign-ins of the same session, leave it as it
     * was. A session that began with a local sign-in therefore never counts, even after a sign-in through the
     * provider: the user signs out and in through the provider.
     */
    public static boolean signedInThrough(KeycloakSession session, RealmModel realm, UserSessionModel userSession, UserModel user, String alias) {
        FederatedIdentityModel link = session.users().getFederatedIdentity(realm, user, alias);
        return link != null && link.getUserId() != null && (alias + "." + link.getUserId()).equals(userSession.getBrokerUserId());
    }

    private static boolean signedByProvider(KeycloakSession session, RealmModel realm, OIDCIdentityProviderConfig config, JWSInput jws) {
        KeyWrapper key = PublicKeyStorageManager.getIdentityProviderKeyWrapper(session, realm, config, jws);
        String algorithm = jws.getHeader().getRawAlgorithm();
        if (key == null || algorithm == null) {
            return false;
        }
        if (key.getAlgorithm() == null) {
            key.setAlgorithm(algorithm);
        }
        SignatureProvider signatures = session.getProvider(SignatureProvider.class, algorithm);
        try {
            return signatures != null && signatures.verifier(key).verify(
                    jws.getEncodedSignatureInput().getBytes(StandardCharsets.UTF_8), jws.getSignature());
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean issuedByProviderForUs(OIDCIdentityProviderConfig config, IDToken token) {
        String issuers = config.getConfig().get(IdentityProviderModel.ISSUER);
        String clientId = config.getClientId();
        if (issuers == null || issuers.isBlank() || clientId == null || token.getIssuer() == null) {
            return false;
        }
        boolean issuer = Arrays.stream(issuers.split(",")).map(String::trim).anyMatch(token.getIssuer()::equals);
        boolean audience = token.hasAudience(clientId) && (token.getIssuedFor() == null || clientId.equals(token.getIssuedFor()));
        return issuer && audience;
    }

    private static boolean aboutLinkedUser(KeycloakSession session, RealmModel realm, UserModel user, String alias, IDToken token) {
        FederatedIdentityModel link = session.users().getFederatedIdentity(realm, user, alias);
        return link != null && token.getSubject() != null && token.getSubject().equals(link.getUserId());
    }

    /** The first {@code amr} or {@code acr} value of the token that the provider's trust allows, or null. */
    static String allowedFactor(RealmPolicy.TrustedIdp trust, IDToken token) {
        for (String amr : amrOf(token)) {
            if (trust.amr().contains(amr)) {
                return amr;
            }
        }
        return token.getAcr() != null && trust.acr().contains(token.getAcr()) ? token.getAcr() : null;
    }

    private static List<String> amrOf(IDToken token) {
        Object amr = token.getOtherClaims().get("amr");
        List<String> out = new ArrayList<>();
        if (amr instanceof Collection<?> values) {
            values.forEach(v -> out.add(String.valueOf(v)));
        } else if (amr != null) {
            out.add(String.valueOf(amr));
        }
        return out;
    }

    /** The provider a credential's factor came from ({@code idp:<alias>:<factor>}), or null for a local factor. */
    public static String aliasOf(String credentialMfa) {
        if (credentialMfa == null || !credentialMfa.startsWith(FACTOR_PREFIX)) {
            return null;
        }
        int end = credentialMfa.indexOf(':', FACTOR_PREFIX.length());
        return end < 0 ? credentialMfa.substring(FACTOR_PREFIX.length()) : credentialMfa.substring(FACTOR_PREFIX.length(), end);
    }

    /**
     * Whether an upstream factor still vouches for a credential: the provider is still trusted and enabled, and the
     * owner is still linked to it.
     */
    public static boolean stillVouches(KeycloakSession session, RealmModel realm, UserModel owner, String alias, RealmPolicy policy) {
        if (!policy.trustedIdpMfa().containsKey(alias)) {
            return false;
        }
        IdentityProviderModel provider = session.identityProviders().getByAlias(alias);
        return provider != null && provider.isEnabled() && session.users().getFederatedIdentity(realm, owner, alias) != null;
    }
}
