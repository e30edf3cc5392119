package io.appcredentials.keycloak.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.KeyStatus;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeyManager;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.SubjectCredentialManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;

import io.appcredentials.keycloak.application.DefaultApplication;
import io.appcredentials.keycloak.mfa.MfaBinding;
import io.appcredentials.keycloak.model.AppCredentialException;
import io.appcredentials.keycloak.model.AppCredentialFilter;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialProvider;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.model.NewAppCredential;
import io.appcredentials.keycloak.model.PendingNotice;
import io.appcredentials.keycloak.model.RecentUse;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.rest.ApiException;
import io.appcredentials.keycloak.rest.representation.ApiError;
import io.appcredentials.keycloak.rest.representation.CreateRequest;
import io.appcredentials.keycloak.rest.representation.RenewRequest;

/**
 * The credential state machine and its validation, without a server: an in-memory provider, Keycloak's session,
 * realm and users mocked. The integration suite proves the same against a real Keycloak; this pins the rules.
 */
class AppCredentialServiceTest {

    private final Map<String, String> realmAttributes = new HashMap<>();
    private final FakeProvider store = new FakeProvider();
    private AppCredentialService service;
    private KeycloakSession session;
    private RealmModel realm;
    private UserModel owner;
    private ClientModel application;
    private RoleModel reader;
    private RoleModel admin;
    /** The owner's stored credentials: an authenticator app to begin with. */
    private final List<org.keycloak.credential.CredentialModel> ownerCredentials = new ArrayList<>();

    @BeforeEach
    void setUp() {
        realm = mock(RealmModel.class);
        when(realm.getId()).thenReturn("realm-1");
        when(realm.getName()).thenReturn("demo");
        when(realm.getAttributes()).thenReturn(realmAttributes);
        application = mock(ClientModel.class);
        when(application.getId()).thenReturn("client-uuid");
        when(application.getClientId()).thenReturn(DefaultApplication.CLIENT_ID);
        when(application.isEnabled()).thenReturn(true);
        when(realm.getClientByClientId(DefaultApplication.CLIENT_ID)).thenReturn(application);
        reader = mock(RoleModel.class);
        when(reader.getId()).thenReturn("role-reader");
        when(reader.getName()).thenReturn("reader");
        admin = mock(RoleModel.class);
        when(admin.getId()).thenReturn("role-admin");
        when(admin.getName()).thenReturn("admin");
        when(realm.getRole("reader")).thenReturn(reader);
        when(realm.getRole("admin")).thenReturn(admin);

        owner = mock(UserModel.class);
        when(owner.getId()).thenReturn("owner-1");
        when(owner.getUsername()).thenReturn("bob");
        when(owner.hasRole(reader)).thenReturn(true);
        when(owner.hasRole(admin)).thenReturn(false);
        SubjectCredentialManager credentials = mock(SubjectCredentialManager.class);
        org.keycloak.credential.CredentialModel otp = new org.keycloak.credential.CredentialModel();
        otp.setType("otp");
        ownerCredentials.add(otp);
        when(credentials.getStoredCredentialsStream()).thenAnswer(i -> new ArrayList<>(ownerCredentials).stream());
        when(owner.credentialManager()).thenReturn(credentials);

        KeyWrapper key = new KeyWrapper();
        key.setKid("kid-1");
        key.setStatus(KeyStatus.ACTIVE);
        key.setSecretKey(new SecretKeySpec(new byte[32], "HmacSHA256"));
        KeyManager keys = mock(KeyManager.class);
        when(keys.getKeysStream(any(), any(), anyString())).thenAnswer(i -> Stream.of(key));

        session = mock(KeycloakSession.class);
        // a server without counters: no factory owns any
        when(session.getKeycloakSessionFactory()).thenReturn(mock(org.keycloak.models.KeycloakSessionFactory.class));
        when(session.getProvider(AppCredentialProvider.class)).thenReturn(store);
        UserProvider users = mock(UserProvider.class);
        when(users.getUserById(any(), org.mockito.ArgumentMatchers.eq("owner-1"))).thenReturn(owner);
        when(session.users()).thenReturn(users);
        when(session.keys()).thenReturn(keys);
        service = new AppCredentialService(session, realm);
    }

    private AppCredentialModel created(String name) {
        CreateRequest req = new CreateRequest();
        req.name = name;
        return service.create(owner, req.toDomain(), AppCredentialService.Creator.self(owner, "otp")).credential();
    }

    private static AppCredentialRequest.Change state(String state) {
        return new AppCredentialRequest.Change(null, null, state);
    }

    private static int status(Runnable call) {
        return ApiException.of(assertThrows(AppCredentialException.class, call::run)).getResponse().getStatus();
    }

    @Test
    void disablingEndsTheTokensIssuedSoFarAndEnablingDoesNotReviveThem() {
        AppCredentialModel c = created("ci");
        int first = c.getTokenGeneration();
        service.update(c, state("disabled"), AppCredentialService.Changer.OWNER);
        assertEquals(AppCredentialState.DISABLED, c.getStoredState());
        assertEquals(first + 1, c.getTokenGeneration());
        service.update(c, state("active"), AppCredentialService.Changer.OWNER);
        assertEquals(AppCredentialState.ACTIVE, c.getStoredState());
        assertEquals(first + 1, c.getTokenGeneration(), "enable does not bring the old generation back");
    }

    @Test
    void onlyActiveAndDisabledCanBeAskedFor() {
        AppCredentialModel c = created("ci");
        assertEquals(400, status(() -> service.update(c, state("suspended"), AppCredentialService.Changer.OWNER_WITH_FRESH_SECOND_FACTOR)));
        assertEquals(400, status(() -> service.update(c, state("revoked"), AppCredentialService.Changer.OWNER_WITH_FRESH_SECOND_FACTOR)));
        assertEquals(400, status(() -> service.update(c, state("expired"), AppCredentialService.Changer.OWNER_WITH_FRESH_SECOND_FACTOR)));
        assertEquals(AppCredentialState.ACTIVE, c.getStoredState());
    }

    @Test
    void aSuspendedCredentialComesBackOnlyWhenReactivationIsAllowed() {
        AppCredentialModel c = created("ci");
        c.setStoredState(AppCredentialState.SUSPENDED);
        assertEquals(403, status(() -> service.update(c, state("active"), AppCredentialService.Changer.OWNER)));
        assertEquals(403, status(() -> service.update(c, state("disabled"), AppCredentialService.Changer.OWNER)), "no way around via disabled");
        service.update(c, state("active"), AppCredentialService.Changer.OWNER_WITH_FRESH_SECOND_FACTOR);
        assertEquals(AppCredentialState.ACTIVE, c.getStoredState());
    }

    @Test
    void revokedAndExpiredCredentialsCannotBeChangedRegeneratedOrRenewed() {
        AppCredentialModel revoked = created("revoked");
        service.revoke(revoked);
        assertEquals(409, status(() -> service.update(revoked, state("active"), AppCredentialService.Changer.OWNER_WITH_FRESH_SECOND_FACTOR)));
        assertEquals(409, status(() -> service.regenerate(revoked)));
        assertEquals(409, status(() -> service.renew(revoked, null)));

        AppCredentialModel expired = created("expired");
        expired.setExpiresAt(System.currentTimeMillis() - 1000);
        assertEquals(AppCredentialState.EXPIRED, expired.getState(System.currentTimeMillis()));
        assertEquals(409, status(() -> service.update(expired, state("disabled"), AppCredentialService.Changer.OWNER_WITH_FRESH_SECOND_FACTOR)));
        assertEquals(409, status(() -> service.regenerate(expired)));
        assertEquals(409, status(() -> service.renew(expired, null)));
    }

    @Test
    void regenerateReplacesTheSecretAndEndsTheTokens() {
        AppCredentialModel c = created("ci");
        String hash = c.getSecretHash();
        int generation = c.getTokenGeneration();
        AppCredentialService.WithSecret regenerated = service.regenerate(c);
        assertTrue(regenerated.secret().startsWith("acs_"));
        assertNotEquals(hash, c.getSecretHash());
        assertEquals(generation + 1, c.getTokenGeneration());
    }

    @Test
    void renewMovesTheExpiryLaterWithinPolicyOnly() {
        AppCredentialModel c = created("ci");
        long before = c.getExpiresAt();
        RenewRequest earlier = new RenewRequest();
        earlier.expiresAt = java.time.Instant.ofEpochMilli(before).minusSeconds(86_400).toString();
        assertEquals(400, status(() -> service.renew(c, earlier.expiresAt)));
        RenewRequest tooFar = new RenewRequest();
        tooFar.expiresAt = java.time.Instant.now().plusSeconds(400L * 86_400).toString();
        assertEquals(400, status(() -> service.renew(c, tooFar.expiresAt)));
        assertEquals(before, c.getExpiresAt(), "nothing written");
        RenewRequest later = new RenewRequest();
        later.expiresAt = java.time.Instant.ofEpochMilli(before).plusSeconds(86_400).toString();
        service.renew(c, later.expiresAt);
        assertEquals(before + 86_400_000L, c.getExpiresAt());
    }

    @Test
    void namesAreUniqueAmongTheOwnersUnrevokedCredentialsAndTheLimitHolds() {
        created("ci");
        assertEquals(409, status(() -> created("ci")));
        service.revoke(store.byName("ci"));
        created("ci"); // a revoked one frees its name
        realmAttributes.put("appCredentials.maxPerUser", "2");
        created("second");
        assertEquals(409, status(() -> created("third")));
        assertEquals("You have 2 live application credentials and this realm allows at most 2; revoke one first",
                assertThrows(AppCredentialException.class, () -> created("third")).getMessage());
        assertEquals(3, store.all().size(), "refused creates wrote nothing");
    }

    /** The limit's message names the owner's real count and the limit, also when the limit was lowered below the count. */
    @Test
    void theLimitMessageNamesTheRealCountAndTheLimit() {
        for (int i = 0; i < 6; i++) {
            created("live-" + i);
        }
        realmAttributes.put("appCredentials.maxPerUser", "5");
        AppCredentialException refused = assertThrows(AppCredentialException.class, () -> created("seventh"));
        assertEquals(409, ApiException.of(refused).getResponse().getStatus());
        assertEquals("You have 6 live application credentials and this realm allows at most 5; revoke 2 first", refused.getMessage());
        AppCredentialException byAnAdmin = assertThrows(AppCredentialException.class, () -> byAdmin("by-admin"));
        assertEquals("User 'bob' has 6 live application credentials and this realm allows at most 5; revoke 2 first", byAnAdmin.getMessage());
        realmAttributes.put("appCredentials.maxPerUser", "0");
        assertEquals("This realm allows no live application credentials per user (its limit is 0)",
                assertThrows(AppCredentialException.class, () -> created("none")).getMessage());
    }

    @Test
    void rolesMustBeHeldAndMayBeRefusedByTheCreator() {
        CreateRequest req = new CreateRequest();
        req.name = "roles";
        req.realmRoles = List.of("admin");
        assertEquals(400, status(() -> service.create(owner, req.toDomain(), AppCredentialService.Creator.self(owner, "otp"))));
        req.realmRoles = List.of("reader");
        AppCredentialService.Creator strict = new AppCredentialService.Creator(owner, true, null, role -> {
            throw AppCredentialException.forbidden("forbidden", "no");
        });
        assertEquals(403, status(() -> service.create(owner, req.toDomain(), strict)));
        assertEquals(0, store.all().size());
        AppCredentialModel c = service.create(owner, req.toDomain(), AppCredentialService.Creator.self(owner, "otp")).credential();
        assertEquals(Set.of("role-reader"), c.getRoleIds());
    }

    private AppCredentialModel byAdmin(String name) {
        CreateRequest req = new CreateRequest();
        req.name = name;
        return service.create(owner, req.toDomain(), new AppCredentialService.Creator(owner, true, null, r -> { })).credential();
    }

    @Test
    void losingTheLastSecondFactorSuspendsOrRevokesEveryCredentialAdministratorsOnesIncluded() {
        AppCredentialModel vouched = created("vouched");
        AppCredentialModel disabled = created("disabled");
        service.update(disabled, state("disabled"), AppCredentialService.Changer.OWNER);
        AppCredentialModel byAdmin = byAdmin("by-admin");
        assertEquals("owner:local", byAdmin.getMfa(), "bound to the owner's own second factor");
        int generation = vouched.getTokenGeneration();

        assertEquals(0, MfaBinding.applyLoss(session, realm, owner.getId(), RealmPolicy.DEFAULTS), "the factor is still there");
        ownerCredentials.clear();
        assertEquals(3, MfaBinding.applyLoss(session, realm, owner.getId(), RealmPolicy.DEFAULTS));
        assertEquals(AppCredentialState.SUSPENDED, vouched.getStoredState());
        assertEquals(generation + 1, vouched.getTokenGeneration(), "its tokens end");
        assertEquals(AppCredentialState.SUSPENDED, disabled.getStoredState());
        assertEquals(AppCredentialState.SUSPENDED, byAdmin.getStoredState(), "an administrator's credential is bound too");

        realmAttributes.put("appCredentials.onMfaRemoved", "revoke");
        assertEquals(0, MfaBinding.applyLoss(session, realm, owner.getId(), RealmPolicy.of(mockRealm())), "suspended ones are not touched again");
    }

    @Test
    void anAdministratorCannotCreateForAnOwnerWithoutASecondFactorUnlessThePolicyExemptsIt() {
        ownerCredentials.clear();
        ApiException refused = ApiException.of(assertThrows(AppCredentialException.class, () -> byAdmin("for-bob")));
        assertEquals(409, refused.getResponse().getStatus());
        ApiError body = (ApiError) refused.getResponse().getEntity();
        assertEquals("owner_mfa_not_configured", body.error);
        assertTrue(body.errorMessage.contains("'bob' has no second factor"), body.errorMessage);
        assertEquals(0, store.all().size(), "nothing written");

        realmAttributes.put("appCredentials.allowUnboundAdminCredentials", "true");
        AppCredentialModel exempt = byAdmin("for-bob");
        assertEquals(null, exempt.getMfa());
        assertEquals(0, MfaBinding.applyLoss(session, realm, owner.getId(), RealmPolicy.of(mockRealm())), "exempt while the switch is on");
        realmAttributes.put("appCredentials.allowUnboundAdminCredentials", "false");
        assertEquals(1, MfaBinding.applyLoss(session, realm, owner.getId(), RealmPolicy.of(mockRealm())), "bound again once it is off");
        assertEquals(AppCredentialState.SUSPENDED, exempt.getStoredState());
        assertEquals(409, status(() -> service.update(exempt, state("active"), AppCredentialService.Changer.ADMIN)),
                "an administrator cannot make it active while the owner has no factor");
    }

    @Test
    void aCredentialThatRecordedNoFactorIsBoundOnceTheRealmRequiresOne() {
        realmAttributes.put("appCredentials.requireMfa", "false");
        ownerCredentials.clear();
        AppCredentialModel unbound = service.create(owner, named("made-without").toDomain(), AppCredentialService.Creator.self(owner, null)).credential();
        assertEquals(0, MfaBinding.applyLoss(session, realm, owner.getId(), RealmPolicy.of(mockRealm())), "no factor required: nothing to lose");
        realmAttributes.put("appCredentials.requireMfa", "true");
        assertEquals(1, MfaBinding.applyLoss(session, realm, owner.getId(), RealmPolicy.of(mockRealm())));
        assertEquals(AppCredentialState.SUSPENDED, unbound.getStoredState());
    }

    private static CreateRequest named(String name) {
        CreateRequest req = new CreateRequest();
        req.name = name;
        return req;
    }

    @Test
    void creationsAndNewSecretsPerHourAreLimited() {
        realmAttributes.put("appCredentials.maxCreatesPerHour", "3");
        AppCredentialModel a = created("a");
        created("b");
        service.regenerate(a);
        ApiException refused = ApiException.of(assertThrows(AppCredentialException.class, () -> created("c")));
        assertEquals(429, refused.getResponse().getStatus());
        long retryAfter = Long.parseLong(refused.getResponse().getHeaderString("Retry-After"));
        assertTrue(retryAfter > 3500 && retryAfter <= 3600, "the first of the three leaves the hour in about an hour: " + retryAfter);
        ApiError body = (ApiError) refused.getResponse().getEntity();
        assertEquals("maxCreatesPerHour", body.field);
        assertTrue(body.errorMessage.contains("allows 3"), body.errorMessage);
        assertEquals(429, status(() -> service.regenerate(a)), "a new secret counts too");
        assertEquals(2, store.all().size(), "nothing written");
        // an hour later the oldest leave the window
        store.shiftIssues(-3_600_001L);
        created("c");
    }

    @Test
    void theRevokePolicyRevokesAndKeepKeeps() {
        AppCredentialModel c = created("c");
        ownerCredentials.clear();
        realmAttributes.put("appCredentials.onMfaRemoved", "keep");
        assertEquals(0, MfaBinding.applyLoss(session, realm, owner.getId(), RealmPolicy.of(mockRealm())));
        assertEquals(AppCredentialState.ACTIVE, c.getStoredState());
        realmAttributes.put("appCredentials.onMfaRemoved", "revoke");
        assertEquals(1, MfaBinding.applyLoss(session, realm, owner.getId(), RealmPolicy.of(mockRealm())));
        assertEquals(AppCredentialState.REVOKED, c.getStoredState());
        assertTrue(c.getRevokedAt() != null);
    }

    @Test
    void revokeAllOfRevokesWhatIsNotRevokedYet() {
        created("a");
        AppCredentialModel b = created("b");
        service.revoke(b);
        Long revokedAt = b.getRevokedAt();
        assertEquals(1, service.revokeAllOf(owner).size());
        assertEquals(revokedAt, b.getRevokedAt(), "an earlier revocation keeps its time");
        assertTrue(store.all().stream().allMatch(c -> c.getStoredState() == AppCredentialState.REVOKED));
    }

    private RealmModel mockRealm() {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getAttributes()).thenReturn(realmAttributes);
        return realm;
    }

    // ---------------------------------------------------------------------------------------------

    /** An in-memory provider: models are plain objects, every call sees the latest state. */
    static final class FakeProvider implements AppCredentialProvider {
        private final Map<String, Model> models = new LinkedHashMap<>();

        List<AppCredentialModel> all() {
            return new ArrayList<>(models.values());
        }

        AppCredentialModel byName(String name) {
            return models.values().stream().filter(m -> m.name.equals(name) && m.state != AppCredentialState.REVOKED).findFirst().orElseThrow();
        }

        @Override public AppCredentialModel getById(RealmModel realm, String id) { return models.get(id); }
        private final List<long[]> issues = new ArrayList<>();

        void shiftIssues(long byMillis) {
            issues.forEach(i -> i[0] += byMillis);
        }

        @Override public Stream<AppCredentialModel> listByOwner(RealmModel realm, String userId, long now, int first, int max) {
            return models.values().stream().filter(m -> m.ownerId.equals(userId)).skip(first).limit(max).map(m -> m);
        }
        @Override public List<Long> issuedSince(RealmModel realm, String ownerId, long since) {
            return issues.stream().map(i -> i[0]).filter(t -> t > since).sorted().toList();
        }
        @Override public long countIssuedSince(RealmModel realm, String ownerId, long since) { return issuedSince(realm, ownerId, since).size(); }
        @Override public void recordIssue(RealmModel realm, String ownerId, long at, long forgetBefore) {
            issues.removeIf(i -> i[0] <= forgetBefore);
            issues.add(new long[] { at });
        }
        @Override public List<String> trimDead(RealmModel realm, String ownerId, int keep, long now) { return List.of(); }
        @Override public void recordLink(RealmModel realm, String userId, String alias, String upstreamUserId, String how) { }
        @Override public String linkProvenance(RealmModel realm, String userId, String alias, String upstreamUserId) { return null; }
        @Override public void forgetLink(RealmModel realm, String userId, String alias) { }
        @Override public Stream<AppCredentialModel> list(RealmModel realm, AppCredentialFilter filter, int first, int max) { return all().stream(); }
        @Override public long countLive(RealmModel realm, String userId, long nowMillis) { return 0; }
        @Override public void addUses(String id, long lastUsedAt, String lastUsedIp, long uses, Map<String, Long> seenFrom) { }
        @Override public AppCredentialModel getByIdForUpdate(RealmModel realm, String id) { return models.get(id); }
        @Override public List<AppCredentialModel> lockOwnerAndListAll(RealmModel realm, String ownerId) {
            return models.values().stream().filter(m -> m.ownerId.equals(ownerId)).<AppCredentialModel>map(m -> m).toList();
        }
        @Override public List<AppCredentialModel> lockOwnerAndListUnrevoked(RealmModel realm, String ownerId) {
            return models.values().stream().filter(m -> m.ownerId.equals(ownerId) && m.state != AppCredentialState.REVOKED)
                    .<AppCredentialModel>map(m -> m).toList();
        }
        @Override public AppCredentialModel create(RealmModel realm, NewAppCredential d) {
            Model m = new Model(d);
            models.put(m.id, m);
            return m;
        }
        @Override public int purge(RealmModel realm, long beforeMillis) { return 0; }
        @Override public Stream<AppCredentialModel> dueForReminder(RealmModel realm, List<Integer> days, long now, int max) { return Stream.empty(); }
        @Override public boolean claimReminder(String id, long expiresAt, int days) { return false; }
        @Override public void releaseReminder(String id, int days, Integer previous) { }
        @Override public Stream<AppCredentialModel> withPendingNotice(RealmModel realm, int max) { return Stream.empty(); }
        @Override public void markUsed(String id, long atMillis) { }
        @Override public List<String> idleCandidates(RealmModel realm, long cutMillis, long nowMillis, int max) { return List.of(); }
        @Override public boolean retireIdle(String id, long cutMillis, long nowMillis) { return false; }
        @Override public Stream<AppCredentialModel> dueForIdleWarning(RealmModel realm, long beforeMillis, long nowMillis, int max) { return Stream.empty(); }
        @Override public boolean claimIdleWarning(String id, long basis) { return false; }
        @Override public void releaseIdleWarning(String id, long basis, Long previous) { }
        @Override public List<String> withIdleNotice(RealmModel realm, int max) { return List.of(); }
        @Override public boolean claimIdleNotice(String id) { return false; }
        @Override public void releaseIdleNotice(String id, long at) { }
        @Override public void close() { }
    }

    static final class Model implements AppCredentialModel {
        final String id;
        final String ownerId;
        final NewAppCredential data;
        String name;
        String description;
        String hash;
        String kid;
        int generation = 1;
        AppCredentialState state = AppCredentialState.ACTIVE;
        long expiresAt;
        Long revokedAt;
        String stateReason;
        long activatedAt;

        Model(NewAppCredential d) {
            this.id = d.id();
            this.ownerId = d.ownerId();
            this.data = d;
            this.name = d.name();
            this.description = d.description();
            this.hash = d.secretHash();
            this.kid = d.hashKeyId();
            this.expiresAt = d.expiresAt();
        }

        @Override public String getId() { return id; }
        @Override public String getRealmId() { return "realm-1"; }
        @Override public String getUserId() { return ownerId; }
        @Override public String getClientUuid() { return data.clientUuid(); }
        @Override public String getName() { return name; }
        @Override public void setName(String name) { this.name = name; }
        @Override public String getDescription() { return description; }
        @Override public void setDescription(String description) { this.description = description; }
        @Override public Set<String> getRoleIds() { return data.roleIds(); }
        @Override public Set<String> getScopes() { return data.scopes(); }
        @Override public String getSecretHash() { return hash; }
        @Override public String getHashKeyId() { return kid; }
        @Override public int getTokenGeneration() { return generation; }
        @Override public void replaceSecret(String hashKeyId, String secretHash) { kid = hashKeyId; hash = secretHash; generation++; }
        @Override public void endIssuedTokens() { generation++; }
        @Override public AppCredentialState getStoredState() { return state; }
        @Override public void setStoredState(AppCredentialState state) { this.state = state; }
        @Override public void revoke(long nowMillis) { state = AppCredentialState.REVOKED; revokedAt = nowMillis; }
        @Override public long getCreatedAt() { return data.createdAt(); }
        @Override public long getExpiresAt() { return expiresAt; }
        @Override public void setExpiresAt(long expiresAt) { this.expiresAt = expiresAt; }
        @Override public Long getRevokedAt() { return revokedAt; }
        @Override public String getStateReason() { return stateReason; }
        @Override public void setStateReason(String reason) { stateReason = reason; }
        @Override public long getActivatedAt() { return activatedAt; }
        @Override public void setActivatedAt(long at) { activatedAt = at; }
        @Override public Long getIdleWarnedFor() { return null; }
        @Override public Long getLastUsedAt() { return null; }
        @Override public String getLastUsedIp() { return null; }
        @Override public long getUseCount() { return 0; }
        @Override public String getMfa() { return data.mfa(); }
        @Override public String getCreatedBy() { return data.createdBy(); }
        @Override public boolean isCreatedByAdmin() { return data.createdByAdmin(); }
        @Override public List<io.appcredentials.keycloak.restriction.AccessRule> getAccessRules() { return data.accessRules(); }
        @Override public List<io.appcredentials.keycloak.restriction.Cidr> getAllowedCidrs() { return data.allowedCidrs(); }
        @Override public boolean isRequireDpop() { return data.requireDpop(); }
        @Override public List<RecentUse> getRecentUses() { return List.of(); }
        @Override public Integer getReminderDays() { return null; }
        @Override public PendingNotice getPendingNotice() { return null; }
        @Override public void setPendingNotice(PendingNotice notice) { }
        @Override public Long getNoticeSentAt() { return null; }
        @Override public void setNoticeSentAt(Long at) { }
    }
}
