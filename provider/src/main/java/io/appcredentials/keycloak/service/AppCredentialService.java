package io.appcredentials.keycloak.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.keycloak.OAuth2Constants;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

import io.appcredentials.keycloak.application.DefaultApplication;
import io.appcredentials.keycloak.metrics.AppCredentialMetrics;
import io.appcredentials.keycloak.mfa.MfaBinding;
import io.appcredentials.keycloak.model.AppCredentialException;
import io.appcredentials.keycloak.model.AppCredentialFilter;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.model.NewAppCredential;
import io.appcredentials.keycloak.model.PendingNotice;
import io.appcredentials.keycloak.notify.Notices;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.policy.RotationPolicy;
import io.appcredentials.keycloak.restriction.AccessRule;
import io.appcredentials.keycloak.restriction.Cidr;
import io.appcredentials.keycloak.secret.AppCredentialSecrets;
import io.appcredentials.keycloak.secret.SecretHasher;
import io.appcredentials.keycloak.text.Text;

/**
 * The credential lifecycle, for the user and the admin resources: validation and the state machine. Refusals are
 * {@link AppCredentialException}s; every check runs before the first write, so a refused request leaves nothing
 * behind. Storage is the {@link AppCredentialProvider}, which keeps every node's cache right by itself; losing a
 * second factor is {@link MfaBinding#applyLoss}.
 *
 * <pre>
 *   active ⇄ disabled          (owner or admin; disable ends the tokens issued so far)
 *   active|disabled → suspended (the owner's last second factor went, policy onMfaRemoved=suspend)
 *   suspended → active          (owner after a fresh login with a new factor, or an admin)
 *   any → revoked               (owner, admin, or policy onMfaRemoved=revoke); expired is derived from the expiry
 * </pre>
 */
public final class AppCredentialService {

    static final int MAX_ROLES = 100;
    static final int MAX_SCOPES = 50;
    /** The SCOPES column holds the granted scopes separated by spaces. */
    static final int MAX_SCOPES_LENGTH = 1024;
    /** Revoked and expired credentials kept per owner (the newest ones); older ones are deleted when a new one is made. */
    public static final int MAX_DEAD_PER_OWNER = 100;
    /** The user list's page size when none is asked for, and the largest one (as the admin list's). */
    public static final int DEFAULT_PAGE = 100;
    public static final int MAX_PAGE = 1000;
    static final long HOUR_MILLIS = 3_600_000L;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AppCredentialProvider credentials;

    public AppCredentialService(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
        this.credentials = session.getProvider(AppCredentialProvider.class);
    }

    /** A created or regenerated credential and its secret, which exists only in this answer. */
    public record WithSecret(AppCredentialModel credential, String secret) {
    }

    /**
     * Who asks for a credential to be created, the second factor that vouched for it (users; an administrator's
     * credential is bound to what its owner has, worked out here), and what else each granted role must pass
     * ({@code mayGrant} throws to refuse; admins may grant only roles they may map).
     */
    public record Creator(UserModel user, boolean admin, String mfa, Consumer<RoleModel> mayGrant) {

        public static Creator self(UserModel user, String mfa) {
            return new Creator(user, false, mfa, role -> { });
        }
    }

    // ---------------------------------------------------------------- reads

    /** The credential, or a 404. */
    public AppCredentialModel get(String id) {
        return found(credentials.getById(realm, id));
    }

    /** The credential locked for a read-modify-write, or a 404. */
    public AppCredentialModel getForUpdate(String id) {
        return found(credentials.getByIdForUpdate(realm, id));
    }

    private static AppCredentialModel found(AppCredentialModel credential) {
        if (credential == null) {
            throw AppCredentialException.notFound();
        }
        return credential;
    }

    /** The owner's credentials, live ones first, newest first within each group, paged. */
    public Stream<AppCredentialModel> listOwnedBy(String userId, int first, int max) {
        return credentials.listByOwner(realm, userId, Time.currentTimeMillis(), first, max);
    }

    public Stream<AppCredentialModel> list(AppCredentialFilter filter, int first, int max) {
        return credentials.list(realm, filter, first, max);
    }

    // ---------------------------------------------------------------- create

    public WithSecret create(UserModel owner, AppCredentialRequest req, Creator creator) {
        RealmPolicy policy = RealmPolicy.of(realm);
        long now = Time.currentTimeMillis();

        Owner who = new Owner(owner, creator.admin());
        String name = AppCredentialInput.validName(req.name());
        String description = AppCredentialInput.validDescription(req.description());
        long expiresAt = req.expiresAt() == null
                ? now + AppCredentialInput.days(policy.defaultLifetimeDays())
                : AppCredentialInput.parseExpiry("expiresAt", req.expiresAt(), now, policy);
        ClientModel client = targetApplication(req.clientId(), policy);
        Set<String> roleIds = grantedRoles(who, req.realmRoles(), req.clientRoles(), creator.mayGrant());
        Set<String> scopes = grantedScopes(client, req.scopes());
        List<AccessRule> rules = AppCredentialInput.accessRules(req.accessRules());
        List<Cidr> networks = AppCredentialInput.allowedCidrs(req.allowedCidrs());
        if (policy.requireDpop() && Boolean.FALSE.equals(req.requireDpop())) {
            throw AppCredentialException.invalid("requireDpop", "requireDpop cannot be false: this realm requires DPoP for every new credential");
        }
        boolean dpop = policy.requireDpop() || Boolean.TRUE.equals(req.requireDpop());
        String mfa = creator.admin() ? bindingForAdminCredential(owner, policy) : creator.mfa();

        // Names are unique among the owner's credentials that are not revoked; the limit counts the live ones.
        List<AppCredentialModel> unrevoked = credentials.lockOwnerAndListUnrevoked(realm, owner.getId());
        requireUniqueName(unrevoked, name, null, who);
        long live = unrevoked.stream().filter(c -> c.getExpiresAt() > now).count();
        if (live >= policy.maxPerUser()) {
            throw AppCredentialException.conflict(null, limitReached(who, live, policy.maxPerUser()));
        }
        requireBelowHourlyLimit(owner.getId(), policy, now, who);

        String secret = AppCredentialSecrets.newSecret();
        SecretHasher.Hashed hashed = SecretHasher.hashWithActiveKey(session, realm, secret);
        AppCredentialModel created = credentials.create(realm, new NewAppCredential(AppCredentialSecrets.newId(), owner.getId(),
                client.getId(), name, description, roleIds, scopes, hashed.keyId(), hashed.hash(), now, expiresAt,
                mfa, creator.user() == null ? null : creator.user().getId(), creator.admin(), rules, networks, dpop));
        credentials.recordIssue(realm, owner.getId(), now, now - HOUR_MILLIS);
        credentials.trimDead(realm, owner.getId(), MAX_DEAD_PER_OWNER, now);
        Notices.issued(session, realm, created, PendingNotice.Kind.CREATED, creator.admin() ? creator.user() : null);
        AppCredentialMetrics.afterCommit(session, realm, AppCredentialMetrics.Change.CREATED, 1);
        return new WithSecret(created, secret);
    }

    // ---------------------------------------------------------------- changes

    /** The {@code stateReason} of a credential the idle job disabled. */
    public static final String IDLE = "idle";

    /** Who changes a credential, which decides whether a suspended one may come back. */
    public enum Changer {
        /** The owner, without fresh proof of a second factor: a suspended credential stays suspended. */
        OWNER,
        /** The owner, who has just proved a second factor they have now: a suspended credential may become active. */
        OWNER_WITH_FRESH_SECOND_FACTOR,
        /** An administrator, who may reactivate a suspended credential. */
        ADMIN;

        boolean mayReactivateSuspended() {
            return this != OWNER;
        }
    }

    /** Applies a change to a credential locked with {@link #getForUpdate}. */
    public AppCredentialModel update(AppCredentialModel c, AppCredentialRequest.Change req, Changer changer) {
        long now = Time.currentTimeMillis();
        boolean byAdmin = changer == Changer.ADMIN;
        String name = req.name() == null ? null : AppCredentialInput.validName(req.name());
        String description = req.description() == null ? null : AppCredentialInput.validDescription(req.description());
        AppCredentialState target = null;
        if (req.state() != null) {
            target = AppCredentialState.of(req.state());
            if (target != AppCredentialState.ACTIVE && target != AppCredentialState.DISABLED) {
                throw AppCredentialException.invalid("state", "state must be 'active' or 'disabled'");
            }
            AppCredentialState current = c.getState(now);
            if (current == AppCredentialState.REVOKED || current == AppCredentialState.EXPIRED) {
                throw AppCredentialException.conflict("state", withArticle(current) + " credential cannot be changed");
            }
            // A suspended credential goes back to active only with fresh proof of a second factor; moving it to
            // disabled first would be a way around that.
            // So does a credential the idle job disabled: whoever holds its owner's session could otherwise revive a
            // forgotten secret without the owner's second factor.
            if (current == AppCredentialState.DISABLED && IDLE.equals(c.getStateReason()) && target == AppCredentialState.ACTIVE
                    && !changer.mayReactivateSuspended()) {
                throw AppCredentialException.forbidden("idle", "This credential was disabled because it was not used for too long; "
                        + "it can be enabled again after a fresh second-factor login");
            }
            if (current == AppCredentialState.SUSPENDED && !changer.mayReactivateSuspended()) {
                throw AppCredentialException.forbidden("suspended", "This credential was suspended because its owner's second "
                        + "factor was removed; it can be reactivated after a fresh second-factor login");
            }
            if (current != AppCredentialState.ACTIVE && target == AppCredentialState.ACTIVE) {
                // active again (from suspended, or from disabled: a suspended one may be disabled first) only with the
                // second factor it is bound to: else the next token request suspends it again
                UserModel owner = session.users().getUserById(realm, c.getUserId());
                if (owner != null && MfaBinding.lost(session, realm, RealmPolicy.of(realm), owner, c.getMfa(), c.isCreatedByAdmin())) {
                    String binding = MfaBinding.describe(c.getMfa(), c.isCreatedByAdmin(), RealmPolicy.of(realm));
                    throw AppCredentialException.conflict(
                            byAdmin ? "owner_mfa_not_configured" : "mfa_binding_lost", "state",
                            (byAdmin ? "User '" + owner.getUsername() + "' no longer has" : "You no longer have")
                                    + (binding.startsWith("idp:") ? " the link to identity provider '" + binding.substring(4)
                                    + "' that this credential is bound to" : " a second factor") + ", so it cannot be active; "
                                    + (binding.startsWith("idp:") ? "create a new one instead." : byAdmin
                                    ? "ask them to set one up first." : "set one up first."));
                }
            }
        }
        if (name != null) {
            requireUniqueName(credentials.lockOwnerAndListUnrevoked(realm, c.getUserId()), name, c.getId(),
                    new Owner(session.users().getUserById(realm, c.getUserId()), byAdmin));
            c.setName(name);
        }
        if (description != null) {
            c.setDescription(description.isEmpty() ? null : description);
        }
        if (target != null && target != c.getStoredState()) {
            if (target == AppCredentialState.DISABLED) {
                c.endIssuedTokens(); // tokens issued so far stay dead if it is enabled again
                c.setStateReason(byAdmin ? "admin" : "owner");
            } else {
                c.setStateReason(null);
                c.setActivatedAt(now); // the idle clock starts again
            }
            c.setStoredState(target);
        }
        return c;
    }

    /** A new secret, asked for by the owner (the credential is locked with {@link #getForUpdate}, and so its owner). */
    public WithSecret regenerate(AppCredentialModel c) {
        requireRenewable(c, "regenerated");
        long now = Time.currentTimeMillis();
        requireBelowHourlyLimit(c.getUserId(), RealmPolicy.of(realm), now, new Owner(null, false));
        credentials.recordIssue(realm, c.getUserId(), now, now - HOUR_MILLIS);
        String secret = AppCredentialSecrets.newSecret();
        SecretHasher.Hashed hashed = SecretHasher.hashWithActiveKey(session, realm, secret);
        c.replaceSecret(hashed.keyId(), hashed.hash());
        Notices.issued(session, realm, c, PendingNotice.Kind.REGENERATED, null);
        AppCredentialMetrics.afterCommit(session, realm, AppCredentialMetrics.Change.REGENERATED, 1);
        return new WithSecret(c, secret);
    }

    /**
     * A new secret with an overlap (issue 28): the current secret keeps working as the previous one for
     * {@code overlapSeconds} (never past the expiry), a previous secret there was ends at once. Null or 0: as
     * {@link #regenerate(AppCredentialModel)}. Checked before anything is written: 400 naming {@code overlapSeconds}
     * outside 0..{@code maxRotationOverlapHours}, 409 for an overlap on a credential that is not active.
     */
    public WithSecret regenerate(AppCredentialModel c, Long overlapSeconds) {
        if (overlapSeconds == null || overlapSeconds == 0) {
            return regenerate(c);
        }
        long max = RotationPolicy.maxOverlapSeconds(realm);
        if (overlapSeconds < 0 || overlapSeconds > max) {
            throw AppCredentialException.invalid("overlapSeconds", max == 0
                    ? "overlapSeconds must be 0: this realm's policy (maxRotationOverlapHours 0) allows no overlap"
                    : "overlapSeconds must be a whole number of seconds between 0 and " + max
                    + " (the policy's maxRotationOverlapHours, " + RotationPolicy.maxOverlapHours(realm) + ")");
        }
        long now = Time.currentTimeMillis();
        AppCredentialState state = c.getState(now);
        if (state != AppCredentialState.ACTIVE) {
            throw AppCredentialException.conflict("overlapSeconds", "Only an active credential's secret can keep working "
                    + "beside the new one; this one is " + state.value()
                    + (state == AppCredentialState.REVOKED || state == AppCredentialState.EXPIRED ? "" : " (regenerate without overlapSeconds)"));
        }
        requireBelowHourlyLimit(c.getUserId(), RealmPolicy.of(realm), now, new Owner(null, false));
        credentials.recordIssue(realm, c.getUserId(), now, now - HOUR_MILLIS);
        String secret = AppCredentialSecrets.newSecret();
        SecretHasher.Hashed hashed = SecretHasher.hashWithActiveKey(session, realm, secret);
        c.rotateSecret(hashed.keyId(), hashed.hash(), Math.min(now + overlapSeconds * 1000L, c.getExpiresAt()));
        Notices.issued(session, realm, c, PendingNotice.Kind.REGENERATED, null);
        AppCredentialMetrics.afterCommit(session, realm, AppCredentialMetrics.Change.REGENERATED, 1);
        return new WithSecret(c, secret);
    }

    /**
     * Ends the previous secret of a rotation overlap now, with the tokens issued from it (the current secret and its
     * tokens keep working). True when there was one that still worked; nothing is written otherwise.
     */
    public boolean endPreviousSecret(AppCredentialModel c) {
        if (c.getPreviousSecretHash() == null && c.getPreviousGeneration() == null) {
            return false;
        }
        Long until = c.getPreviousSecretUntil();
        c.endPreviousSecret();
        return until != null && until > Time.currentTimeMillis();
    }

    /** Moves the expiry later: to {@code expiresAt} (ISO-8601) or, when null, the policy's default lifetime from now. */
    public AppCredentialModel renew(AppCredentialModel c, String expiresAt) {
        requireRenewable(c, "renewed");
        RealmPolicy policy = RealmPolicy.of(realm);
        long now = Time.currentTimeMillis();
        long until = expiresAt == null
                ? now + AppCredentialInput.days(policy.defaultLifetimeDays())
                : AppCredentialInput.parseExpiry("expiresAt", expiresAt, now, policy);
        if (until <= c.getExpiresAt()) {
            throw AppCredentialException.invalid("expiresAt", "A renewal must move the expiry later than "
                    + Instant.ofEpochMilli(c.getExpiresAt()).truncatedTo(ChronoUnit.SECONDS));
        }
        c.setExpiresAt(until);
        return c;
    }

    public void revoke(AppCredentialModel c) {
        if (c.getStoredState() != AppCredentialState.REVOKED) {
            c.revoke(Time.currentTimeMillis());
            AppCredentialMetrics.afterCommit(session, realm, AppCredentialMetrics.Change.REVOKED, 1);
        }
    }

    /** Revokes every credential of the owner that is not revoked yet; returns their ids. */
    public List<String> revokeAllOf(UserModel owner) {
        List<String> ids = new ArrayList<>();
        for (AppCredentialModel c : credentials.lockOwnerAndListUnrevoked(realm, owner.getId())) {
            revoke(c);
            ids.add(c.getId());
        }
        return ids;
    }

    // ---------------------------------------------------------------- the second-factor binding

    /**
     * What an administrator's credential for {@code owner} is bound to: the owner's own second factor, or their link to
     * a trusted identity provider. When the realm requires a second factor and the owner has none, a 409
     * {@code owner_mfa_not_configured}, unless the policy's {@code allowUnboundAdminCredentials} lets it be unbound.
     */
    private String bindingForAdminCredential(UserModel owner, RealmPolicy policy) {
        if (!policy.requireMfa()) {
            return null;
        }
        String binding = MfaBinding.ownersFactor(session, realm, owner, policy);
        if (binding == null && !policy.allowUnboundAdminCredentials()) {
            throw AppCredentialException.conflict("owner_mfa_not_configured", null,
                    "User '" + owner.getUsername() + "' has no second factor. This realm binds every application credential to its "
                            + "owner's second factor, so none can be created for them: ask them to set one up (an authenticator app or a "
                            + "security key, under Account console, Account security, Signing in)"
                            + (policy.trustedIdpMfa().isEmpty() ? "" : " or to sign in once through an identity provider this realm trusts for it")
                            + ", then try again.");
        }
        return binding;
    }

    /**
     * A 429 when the owner's credentials were created or given a new secret {@code maxCreatesPerHour} times within the
     * last hour, saying when the next one is possible ({@code Retry-After}). The caller holds the owner's lock, so
     * concurrent requests are counted one after the other.
     */
    private void requireBelowHourlyLimit(String ownerId, RealmPolicy policy, long now, Owner who) {
        List<Long> recent = credentials.issuedSince(realm, ownerId, now - HOUR_MILLIS);
        int limit = policy.maxCreatesPerHour();
        if (recent.size() < limit) {
            return;
        }
        // the next slot opens when enough of the recent ones have left the hour
        long opensAt = recent.get(recent.size() - limit) + HOUR_MILLIS;
        long retryAfter = Math.max(1, (opensAt - now + 999) / 1000);
        throw AppCredentialException.rateLimited("too_many_creations", "maxCreatesPerHour",
                who.possessive() + " were created or given a new secret " + recent.size()
                        + " times within the last hour; this realm allows " + limit + " (policy maxCreatesPerHour). Try again in "
                        + retryAfter + " seconds.", retryAfter);
    }

    // ---------------------------------------------------------------- counts

    /** How many of the user's credentials are live (neither revoked nor expired). */
    public long countLive(UserModel user) {
        return credentials.countLive(realm, user.getId(), Time.currentTimeMillis());
    }

    /** How many times the user's credentials were created or given a new secret within the last hour. */
    public long countIssuedInLastHour(UserModel user) {
        return credentials.countIssuedSince(realm, user.getId(), Time.currentTimeMillis() - HOUR_MILLIS);
    }

    // ---------------------------------------------------------------- validation

    /**
     * The owner of the credential a request is about, as messages address them: "you" when the owner asks, the
     * user by name when an administrator does.
     */
    private record Owner(UserModel user, boolean askedByAdmin) {

        /** "You have …" or "User 'bob' has …". */
        String subject(String youVerb, String theyVerb) {
            return askedByAdmin ? "User '" + (user == null ? "?" : user.getUsername()) + "'" + theyVerb : "You" + youVerb;
        }

        /** "Your application credentials" or "The application credentials of user 'bob'". */
        String possessive() {
            return askedByAdmin ? "The application credentials of user '" + (user == null ? "?" : user.getUsername()) + "'"
                    : "Your application credentials";
        }
    }

    /**
     * The 409 message of the per-user limit, naming the owner's real count and the realm's limit (the count can be above
     * the limit when an administrator lowered it): "You have 6 live application credentials and this realm allows at
     * most 5; revoke 2 first".
     */
    private static String limitReached(Owner who, long live, int max) {
        if (max == 0) {
            return "This realm allows no live application credentials per user (its limit is 0)";
        }
        long toRevoke = live - max + 1;
        return who.subject(" have ", " has ") + live + " live application credential" + (live == 1 ? "" : "s")
                + " and this realm allows at most " + max + "; revoke " + (toRevoke == 1 ? "one" : Long.toString(toRevoke)) + " first";
    }

    /** 409 when one of the owner's unrevoked credentials other than {@code exceptId} has this name. */
    private static void requireUniqueName(List<AppCredentialModel> unrevoked, String name, String exceptId, Owner owner) {
        if (unrevoked.stream().anyMatch(c -> !c.getId().equals(exceptId) && c.getName().equals(name))) {
            throw AppCredentialException.conflict("name", owner.subject(" already have ", " already has ") + "an application credential named '" + name + "'");
        }
    }

    private static void requireRenewable(AppCredentialModel c, String verb) {
        AppCredentialState state = c.getState(Time.currentTimeMillis());
        if (state == AppCredentialState.REVOKED || state == AppCredentialState.EXPIRED) {
            throw AppCredentialException.conflict(null, withArticle(state) + " credential cannot be " + verb + "; create a new one");
        }
    }

    /** "An active", "A revoked", … */
    private static String withArticle(AppCredentialState state) {
        String word = state.value();
        return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "An " : "A ") + word;
    }

    private ClientModel targetApplication(String clientId, RealmPolicy policy) {
        String wanted = clientId == null || clientId.isBlank() ? DefaultApplication.CLIENT_ID : clientId.strip();
        if (!policy.allowedClients().contains(wanted)) {
            throw AppCredentialException.invalid("clientId", wanted.length() > 255 || Text.problem(wanted) != null
                    ? "clientId names no application allowed for application credentials in this realm"
                    : "Application '" + wanted + "' is not allowed for application credentials in this realm");
        }
        boolean isDefault = DefaultApplication.CLIENT_ID.equals(wanted);
        ClientModel client = isDefault ? DefaultApplication.find(realm) : realm.getClientByClientId(wanted);
        if (client == null || !client.isEnabled()) {
            // the realm's state, not the request, is wrong: an administrator has to restore or enable the client (it is
            // not created again here, since deleting it may have been meant: it ended every credential issued for it)
            throw AppCredentialException.conflict("application_unavailable", "clientId",
                    "Application '" + wanted + "' is " + (client == null ? "missing" : "disabled") + " in this realm, so no credential "
                            + "can be created for it; ask an administrator to " + (client != null ? "enable it"
                            : isDefault ? "restore it (POST /admin/realms/" + realm.getName() + "/app-credentials/default-application)"
                            : "create it again or take it out of the policy's allowedClients") + ".");
        }
        return client;
    }

    /** Ids of the requested roles; each must exist and be held by the owner now (composites and groups count). */
    private Set<String> grantedRoles(Owner who, List<String> realmRoles, Map<String, List<String>> clientRoles,
                                     Consumer<RoleModel> mayGrant) {
        UserModel owner = who.user();
        int requested = (realmRoles == null ? 0 : realmRoles.size()) + (clientRoles == null ? 0
                : clientRoles.values().stream().mapToInt(l -> l == null ? 0 : l.size()).sum());
        if (requested > MAX_ROLES) {
            throw AppCredentialException.invalid(realmRoles != null && realmRoles.size() > MAX_ROLES ? "realmRoles" : "clientRoles",
                    "At most " + MAX_ROLES + " roles per credential");
        }
        Set<String> ids = new LinkedHashSet<>();
        if (realmRoles != null) {
            for (String name : realmRoles) {
                RoleModel role = Text.isPlausibleName(name) ? realm.getRole(name) : null;
                if (role == null) {
                    throw AppCredentialException.invalid("realmRoles", Text.isPlausibleName(name) ? "Unknown realm role '" + name + "'" : "realmRoles names an unknown role");
                }
                if (!owner.hasRole(role)) {
                    throw AppCredentialException.invalid("realmRoles", who.subject(" do not hold ", " does not hold ") + "the realm role '" + name + "'");
                }
                mayGrant.accept(role);
                ids.add(role.getId());
            }
        }
        if (clientRoles != null) {
            for (Map.Entry<String, List<String>> entry : new LinkedHashMap<>(clientRoles).entrySet()) {
                ClientModel client = Text.isPlausibleName(entry.getKey()) ? realm.getClientByClientId(entry.getKey()) : null;
                if (client == null) {
                    throw AppCredentialException.invalid("clientRoles", Text.isPlausibleName(entry.getKey())
                            ? "Unknown client '" + entry.getKey() + "'" : "clientRoles names an unknown client");
                }
                if (entry.getValue() == null) {
                    throw AppCredentialException.invalid("clientRoles", "clientRoles must map each client to a list of its roles");
                }
                for (String name : entry.getValue()) {
                    RoleModel role = Text.isPlausibleName(name) ? client.getRole(name) : null;
                    if (role == null) {
                        throw AppCredentialException.invalid("clientRoles", Text.isPlausibleName(name)
                                ? "Unknown role '" + name + "' of client '" + entry.getKey() + "'" : "clientRoles names an unknown role");
                    }
                    if (!owner.hasRole(role)) {
                        throw AppCredentialException.invalid("clientRoles", who.subject(" do not hold ", " does not hold ") + "the role '" + name + "' of client '" + entry.getKey() + "'");
                    }
                    mayGrant.accept(role);
                    ids.add(role.getId());
                }
            }
        }
        return ids;
    }

    private static Set<String> grantedScopes(ClientModel client, List<String> scopes) {
        Set<String> out = new LinkedHashSet<>();
        if (scopes == null) {
            return out;
        }
        if (scopes.size() > MAX_SCOPES || String.join(" ", scopes.stream().map(String::valueOf).toList()).length() > MAX_SCOPES_LENGTH) {
            throw AppCredentialException.invalid("scopes", "At most " + MAX_SCOPES + " scopes of at most " + MAX_SCOPES_LENGTH + " characters together");
        }
        Map<String, ClientScopeModel> optional = client.getClientScopes(false);
        for (String scope : scopes) {
            if (OAuth2Constants.OFFLINE_ACCESS.equals(scope)) {
                throw AppCredentialException.invalid("scopes", "Tokens from application credentials have no refresh or offline tokens; offline_access cannot be granted");
            }
            if (scope == null || !optional.containsKey(scope)) {
                throw AppCredentialException.invalid("scopes", "'" + scope + "' is not an optional client scope of application '"
                        + client.getClientId() + "'");
            }
            out.add(scope);
        }
        return out;
    }


}
