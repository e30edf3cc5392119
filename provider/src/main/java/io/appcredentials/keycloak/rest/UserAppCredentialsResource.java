package io.appcredentials.keycloak.rest;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.models.AccountRoles;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

import io.appcredentials.keycloak.boundary.AppCredentialTokens;
import io.appcredentials.keycloak.mfa.MfaEvidence;
import io.appcredentials.keycloak.mfa.SecondFactorGate;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.rest.representation.ApiError;
import io.appcredentials.keycloak.rest.representation.AppCredentialRepresentation;
import io.appcredentials.keycloak.rest.representation.CreateRequest;
import io.appcredentials.keycloak.rest.representation.OptionsRepresentation;
import io.appcredentials.keycloak.rest.representation.RegenerateRequest;
import io.appcredentials.keycloak.rest.representation.RenewRequest;
import io.appcredentials.keycloak.rest.representation.UpdateRequest;
import io.appcredentials.keycloak.service.AppCredentialService;

/**
 * {@code /realms/{realm}/app-credentials}: a user's own application credentials, authenticated with
 * the user's bearer token (the account console's works). Another user's credential is a 404. The token needs the
 * {@code account} role {@code manage-account} ({@code view-profile} is enough to read), as Keycloak's account API asks.
 */
@Tag(name = ApiDocs.USER_TAG)
public class UserAppCredentialsResource {

    private final KeycloakSession session;
    /** The realm of the path, {@code /realms/{realm}/app-credentials}. */
    @Parameter(name = "realm", in = ParameterIn.PATH, required = true, description = "The realm's name", example = "demo",
            schema = @Schema(type = SchemaType.STRING))
    private final RealmModel realm;
    private final AppCredentialService service;
    private final AppCredentialRepresentations representations;

    public UserAppCredentialsResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.service = new AppCredentialService(session, realm);
        this.representations = new AppCredentialRepresentations(session, realm);
    }

    /**
     * The caller's credentials, paged like the admin list ({@code first}, {@code max}: default 100, at most 1000): live
     * ones (neither revoked nor expired) first, newest first within each group.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List your credentials", description = "Live ones (neither revoked nor expired) first, newest first "
            + "within each group. Revoked and expired ones stay listed until the retention purge.")
    @APIResponse(responseCode = "200", description = "The caller's credentials, never with a secret",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = AppCredentialRepresentation.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response list(@Parameter(description = "Index of the first credential to answer", schema = @Schema(type = SchemaType.INTEGER,
                                 minimum = "0", defaultValue = "0")) @QueryParam("first") String firstParam,
                         @Parameter(description = "How many to answer at most", schema = @Schema(type = SchemaType.INTEGER,
                                 minimum = "0", maximum = "1000", defaultValue = "100")) @QueryParam("max") String maxParam) {
        Caller caller = authenticate(Access.READ);
        Integer first = Responses.queryInt("first", firstParam, 0, Integer.MAX_VALUE);
        Integer max = Responses.queryInt("max", maxParam, 0, AppCredentialService.MAX_PAGE);
        List<AppCredentialRepresentation> out = service.listOwnedBy(caller.user.getId(), first == null ? 0 : first,
                max == null ? AppCredentialService.DEFAULT_PAGE : max).map(c -> representations.of(c, false)).toList();
        return Responses.noStore(Response.ok(out));
    }

    @GET
    @Path("options")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "What you may choose", description = "The applications, roles and scopes the caller may give a new "
            + "credential under the realm policy, the limits, and whether a second factor is needed.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OptionsRepresentation.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    public Response options() {
        Caller caller = authenticate(Access.READ);
        return Responses.noStore(Response.ok(Options.of(session, realm, caller.user, service)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a credential", description = "Needs a second factor proved within the policy's mfaMaxAgeSeconds "
            + "(else 401 with a step-up challenge). The answer holds the secret, shown this once.")
    @APIResponse(responseCode = "201", description = "Created; the secret is in this answer only",
            headers = @Header(name = HttpHeaders.LOCATION, required = true, description = "The new credential's URL",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(ref = ApiDocs.WITH_SECRET)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED_OR_STEP_UP)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    public Response create(@RequestBody(required = true, content = @Content(schema = @Schema(implementation = CreateRequest.class))) byte[] body) {
        Caller caller = authenticate();
        RealmPolicy policy = RealmPolicy.of(realm);
        if (!policy.enabled()) {
            throw ApiException.forbidden("disabled", "Application credentials are disabled in this realm");
        }
        CreateRequest req = Json.read(body, CreateRequest.class);
        String mfa = requireFreshSecondFactor(caller, policy, 0);
        AppCredentialService.WithSecret created = service.create(caller.user, req.toDomain(), AppCredentialService.Creator.self(caller.user, mfa));
        event(caller, AppCredentialEvents.Operation.CREATE, created.credential(), null);
        URI location = session.getContext().getUri().getAbsolutePathBuilder().path(created.credential().getId()).build();
        return Responses.noStore(Response.created(location).entity(representations.withSecret(created, false)));
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One of your credentials")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AppCredentialRepresentation.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public Response get(@PathParam("id") String id) {
        Caller caller = authenticate(Access.READ);
        return Responses.noStore(Response.ok(representations.of(own(caller, service.get(id)), false)));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename, describe, disable or enable a credential", description = "Only the fields sent change. "
            + "state: disabled stops its use until it is active again; a suspended credential (its owner lost their second "
            + "factor) becomes active only with a second factor proved after the newest one was set up.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AppCredentialRepresentation.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED_OR_STEP_UP)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Response update(@PathParam("id") String id,
                           @RequestBody(required = true, content = @Content(schema = @Schema(implementation = UpdateRequest.class))) byte[] body) {
        Caller caller = authenticate();
        AppCredentialModel credential = own(caller, service.getForUpdate(id));
        UpdateRequest req = Json.read(body, UpdateRequest.class);
        AppCredentialEvents.Before before = AppCredentialEvents.Before.of(credential);
        boolean reactivating = credential.getStoredState() == AppCredentialState.SUSPENDED && "active".equals(req.state);
        if (reactivating) {
            // A suspended credential comes back only with fresh proof of a second factor the user has now: proof
            // given before their newest factor was set up came from the factor that went away.
            requireFreshSecondFactor(caller, RealmPolicy.of(realm).withMfaRequired(), MfaEvidence.newestSecondFactorSince(caller.user));
        }
        boolean idleBack = credential.getStoredState() == AppCredentialState.DISABLED
                && AppCredentialService.IDLE.equals(credential.getStateReason()) && "active".equals(req.state);
        if (idleBack) {
            // A credential disabled as idle comes back only with a fresh second factor, whatever requireMfa says.
            requireFreshSecondFactor(caller, RealmPolicy.of(realm).withMfaRequired(), 0);
        }
        service.update(credential, req.toDomain(), reactivating || idleBack
                ? AppCredentialService.Changer.OWNER_WITH_FRESH_SECOND_FACTOR : AppCredentialService.Changer.OWNER);
        event(caller, before.operation(credential), credential, before.changed(credential));
        return Responses.noStore(Response.ok(representations.of(credential, false)));
    }

    @POST
    @Path("{id}/regenerate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the secret", description = "Without a body (or with overlapSeconds 0) the old secret stops "
            + "working at once and tokens issued from it end. With {\"overlapSeconds\": N} the old secret and its tokens keep "
            + "working for N more seconds (at most the policy's maxRotationOverlapHours, never past the expiry; "
            + "previousSecretExpiresAt says until when), so that a fleet can switch without downtime; a previous secret still "
            + "working from an earlier regenerate ends at once. Needs a fresh second factor like create. The answer holds the "
            + "new secret, shown this once; the old one is never shown again.")
    @APIResponse(responseCode = "200", description = "The credential with its new secret",
            content = @Content(schema = @Schema(ref = ApiDocs.WITH_SECRET)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED_OR_STEP_UP)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    public Response regenerate(@PathParam("id") String id,
                               @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                       schema = @Schema(implementation = RegenerateRequest.class))) byte[] body) {
        Caller caller = authenticate();
        AppCredentialModel credential = own(caller, service.getForUpdate(id));
        RegenerateRequest req = Json.readOptional(body, RegenerateRequest.class);
        Long overlapSeconds = req == null ? null : req.overlapSeconds;
        requireFreshSecondFactor(caller, RealmPolicy.of(realm), 0);
        AppCredentialService.WithSecret regenerated = service.regenerate(credential, overlapSeconds);
        AppCredentialEvents.user(session, realm, caller.user, caller.auth.client(), caller.auth.session(),
                AppCredentialEvents.Operation.REGENERATE, credential, null, AppCredentialEvents.overlap(overlapSeconds, credential));
        return Responses.noStore(Response.ok(representations.withSecret(regenerated, false)));
    }

    @DELETE
    @Path("{id}/previous-secret")
    @Operation(summary = "End the previous secret now", description = "Ends the overlap of a regenerate early: the previous "
            + "secret and the tokens issued from it stop working at once; the current secret and its tokens keep working. "
            + "Idempotent (204 also when there is no previous secret); needs no second factor, since it only takes access away.")
    @APIResponse(responseCode = "204", description = "The previous secret no longer works")
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public Response endPreviousSecret(@PathParam("id") String id) {
        Caller caller = authenticate();
        AppCredentialModel credential = own(caller, service.getForUpdate(id));
        service.endPreviousSecret(credential);
        event(caller, AppCredentialEvents.Operation.END_OVERLAP, credential, null);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/renew")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Move the expiry later", description = "To expiresAt, or without a body to now plus the policy's "
            + "default lifetime; never earlier, never past the policy's maximum. The secret stays. Needs a fresh second factor.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AppCredentialRepresentation.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED_OR_STEP_UP)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Response renew(@PathParam("id") String id,
                          @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                  schema = @Schema(implementation = RenewRequest.class))) byte[] body) {
        Caller caller = authenticate();
        AppCredentialModel credential = own(caller, service.getForUpdate(id));
        RenewRequest req = Json.readOptional(body, RenewRequest.class);
        requireFreshSecondFactor(caller, RealmPolicy.of(realm), 0);
        service.renew(credential, req == null ? null : req.expiresAt);
        event(caller, AppCredentialEvents.Operation.RENEW, credential, null);
        return Responses.noStore(Response.ok(representations.of(credential, false)));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke a credential", description = "For good: it and the tokens issued from it stop working at "
            + "once; it stays listed as revoked until the retention purge. Revoking a revoked credential changes nothing.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public Response revoke(@PathParam("id") String id) {
        Caller caller = authenticate();
        AppCredentialModel credential = own(caller, service.getForUpdate(id));
        service.revoke(credential);
        event(caller, AppCredentialEvents.Operation.REVOKE, credential, null);
        return Response.noContent().build();
    }

    // ---------------------------------------------------------------------------------------------

    private record Caller(UserModel user, AuthenticationManager.AuthResult auth) {
    }

    /** What a call needs of the token's own {@code account} roles, as Keycloak's account API asks them. */
    private enum Access {
        /** list, read, options: {@code view-profile} or {@code manage-account} */
        READ,
        /** create, change, regenerate, renew, revoke: {@code manage-account} */
        WRITE
    }

    private Caller authenticate() {
        return authenticate(Access.WRITE);
    }

    /**
     * The caller, from a bearer token of a user of this realm that may manage the user's account the way Keycloak's
     * account API decides it: the token's own {@code account} roles, or, for a token without the {@code account}
     * audience, the account roles Keycloak grants its client in the user's session (the account console's tokens,
     * and those of a full-scope client such as {@code admin-cli}, have them). Without this, any application the
     * user signed in to could mint credentials with all of the user's roles from the token it was given.
     */
    private Caller authenticate(Access access) {
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            throw new ApiException(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm.getName() + "\"")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError("invalid_token", "A valid bearer token of a user of this realm is required", null))
                    .build());
        }
        if (AppCredentialTokens.isCredentialToken(auth.token())) {
            throw ApiException.forbidden("forbidden", "A token issued from an application credential cannot manage application credentials");
        }
        if (auth.user().getServiceAccountClientLink() != null) {
            throw ApiException.forbidden("forbidden", "Service accounts cannot have application credentials");
        }
        AccessToken.Access account = accountAccess(auth);
        boolean manage = account != null && account.isUserInRole(AccountRoles.MANAGE_ACCOUNT);
        boolean view = account != null && account.isUserInRole(AccountRoles.VIEW_PROFILE);
        if (!(manage || access == Access.READ && view)) {
            throw ApiException.forbidden("insufficient_scope", "This token cannot " + (access == Access.READ ? "read" : "manage")
                    + " application credentials: it needs the account role '" + (access == Access.READ ? AccountRoles.VIEW_PROFILE : AccountRoles.MANAGE_ACCOUNT)
                    + "', as Keycloak's account API does (the account console's tokens have it)");
        }
        return new Caller(auth.user(), auth);
    }

    /** The token's account roles, rebuilt as Keycloak's account API rebuilds them when the token lacks them. */
    private AccessToken.Access accountAccess(AuthenticationManager.AuthResult auth) {
        AccessToken token = auth.token();
        if (token.getAudience() == null || token.getResourceAccess(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID) == null) {
            AccessTokenIntrospectionProvider<?> introspection = (AccessTokenIntrospectionProvider<?>) session.getProvider(
                    TokenIntrospectionProvider.class, AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE);
            token = auth.session() == null ? token : introspection.transformAccessToken(token, auth.session());
        }
        return token.getResourceAccess(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
    }

    /** The credential if it is the caller's: anyone else's is a 404, never a 403 (no existence oracle). */
    private static AppCredentialModel own(Caller caller, AppCredentialModel credential) {
        if (!credential.getUserId().equals(caller.user.getId())) {
            throw ApiException.notFound();
        }
        return credential;
    }

    /**
     * Returns the second factor that vouches for this write, or throws what {@link SecondFactorGate} asks of the user:
     * 403 when they have no factor that can vouch, 401 with an RFC 9470 challenge when none was proved in this session
     * recently enough, or none after {@code provedAfter} (epoch seconds; 0 for no such bound).
     */
    private String requireFreshSecondFactor(Caller caller, RealmPolicy policy, long provedAfter) {
        SecondFactorGate.Result result = SecondFactorGate.check(session, realm, caller.user, caller.auth.session(), policy, provedAfter);
        if (result instanceof SecondFactorGate.Passed passed) {
            return passed.factor();
        }
        throw refusal(result, policy);
    }

    /** The answer to a write the second-factor gate did not let through. */
    private ApiException refusal(SecondFactorGate.Result result, RealmPolicy policy) {
        if (result instanceof SecondFactorGate.UpstreamStepUp up) {
            return StepUp.upstreamChallenge(up.maxAgeSeconds(), up.alias(), policy.trustedIdpMfa().get(up.alias()).acr(),
                    up.reactivation() ? "Sign in again through " + up.alias() + " with your second factor to reactivate this credential" : null);
        }
        if (result instanceof SecondFactorGate.StepUp step) {
            return step.newFactor()
                    ? StepUp.challenge(realm, step.maxAgeSeconds(), "Sign in again with your new second factor to reactivate this credential")
                    : StepUp.challenge(realm, step.maxAgeSeconds());
        }
        SecondFactorGate.Refused refused = (SecondFactorGate.Refused) result;
        String alias = refused.alias();
        return switch (refused.reason()) {
            case EVIDENCE_UNAVAILABLE -> ApiException.forbidden("mfa_evidence_unavailable", "Your sign-in through '" + alias + "' cannot vouch for a "
                    + "second factor, because " + refused.detail() + ". Ask an administrator to change the identity provider's settings.");
            case LINK_NOT_VERIFIED -> ApiException.forbidden("mfa_link_not_verified", "Your account's link to '" + alias + "' was made without "
                    + "proof that the account there is yours (with your password alone, say), so a second factor done there cannot "
                    + "vouch for you. Set up a second factor here (an authenticator app or a security key, under Account console, "
                    + "Account security, Signing in), or ask an administrator to link your account to '" + alias + "' again.");
            case SIGN_IN_THROUGH_PROVIDER -> ApiException.forbidden("mfa_sign_in_through_provider", "Your second factor is the one you use at '" + alias
                    + "', but this session did not begin with a sign-in through it. Sign out, then sign in through '" + alias + "'.");
            case NOT_CONFIGURED -> ApiException.forbidden("mfa_not_configured", "Set up a second factor (an authenticator app or a security key) "
                    + "under Account console → Account security → Signing in, then sign in again with it to create application credentials.");
        };
    }

    /** The write as a Keycloak event of the user ({@link AppCredentialEvents}). */
    private void event(Caller caller, AppCredentialEvents.Operation operation, AppCredentialModel credential, String changed) {
        AppCredentialEvents.user(session, realm, caller.user, caller.auth.client(), caller.auth.session(), operation, credential, changed);
    }
}
