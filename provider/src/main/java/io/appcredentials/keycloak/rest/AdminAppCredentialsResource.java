package io.appcredentials.keycloak.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.authorization.fgap.AdminPermissionsSchema;
import org.keycloak.common.util.Time;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.appcredentials.keycloak.application.DefaultApplication;
import io.appcredentials.keycloak.mfa.UpstreamMfa;
import io.appcredentials.keycloak.model.AppCredentialException;
import io.appcredentials.keycloak.model.AppCredentialFilter;
import io.appcredentials.keycloak.model.AppCredentialModel;
import io.appcredentials.keycloak.model.AppCredentialState;
import io.appcredentials.keycloak.policy.RealmPolicy;
import io.appcredentials.keycloak.policy.RotationPolicy;
import io.appcredentials.keycloak.rest.representation.AppCredentialRepresentation;
import io.appcredentials.keycloak.rest.representation.CreateRequest;
import io.appcredentials.keycloak.rest.representation.DefaultApplicationRepresentation;
import io.appcredentials.keycloak.rest.representation.PolicyRepresentation;
import io.appcredentials.keycloak.rest.representation.RevokeAllResult;
import io.appcredentials.keycloak.rest.representation.UpdateRequest;
import io.appcredentials.keycloak.service.AppCredentialService;
import io.appcredentials.keycloak.text.Text;

/**
 * {@code /admin/realms/{realm}/app-credentials}. Authorization through Keycloak's admin permission evaluator, per
 * owner: viewing the owner to read a credential, managing the owner to change or revoke it, managing and impersonating
 * the owner (and mapping every granted role) to create one for them, manage-realm for the policy. Without fine-grained
 * admin permissions that means the realm-wide roles view-users, manage-users and impersonation; with them (v2, the
 * realm's {@code adminPermissionsEnabled}), the permissions on each user and group decide, and the list shows only
 * credentials of owners the caller may view. Every write is an admin event ({@link AppCredentialEvents}); no secret ever
 * appears in one.
 */
@Tag(name = ApiDocs.ADMIN_TAG)
public class AdminAppCredentialsResource {

    static final String EVENT_RESOURCE = "APP_CREDENTIAL";
    private static final int DEFAULT_MAX = 100;
    private static final int MAX_MAX = 1000;
    private static final int MAX_ALLOWED_CLIENTS = 50;

    private final KeycloakSession session;
    /** The realm of the path, {@code /admin/realms/{realm}/app-credentials}. */
    @Parameter(name = "realm", in = ParameterIn.PATH, required = true, description = "The realm's name", example = "demo",
            schema = @Schema(type = SchemaType.STRING))
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final AppCredentialService service;
    private final AppCredentialRepresentations representations;

    public AdminAppCredentialsResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(EVENT_RESOURCE);
        this.service = new AppCredentialService(session, realm);
        this.representations = new AppCredentialRepresentations(session, realm);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List credentials", description = "Every user's, or those of owners the caller may view (fine-grained "
            + "admin permissions); newest first. Needs view-users, or query-users with per-user permissions.")
    @APIResponse(responseCode = "200", description = "The credentials, never with a secret",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = AppCredentialRepresentation.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    public Response list(@Parameter(description = "Only this owner's (a user id)") @QueryParam("user") String userId,
                         @Parameter(description = "Only those for this application (a client's clientId)") @QueryParam("clientId") String clientId,
                         @Parameter(description = "Only those in this state", schema = @Schema(type = SchemaType.STRING,
                                 enumeration = { "active", "disabled", "suspended", "expired", "revoked" })) @QueryParam("state") String state,
                         @Parameter(description = "Index of the first credential to answer", schema = @Schema(type = SchemaType.INTEGER,
                                 minimum = "0", defaultValue = "0")) @QueryParam("first") String firstParam,
                         @Parameter(description = "How many to answer at most", schema = @Schema(type = SchemaType.INTEGER,
                                 minimum = "0", maximum = "1000", defaultValue = "100")) @QueryParam("max") String maxParam) {
        boolean everyOwner = viewsEveryOwner();
        Integer first = queryInt("first", firstParam, 0, Integer.MAX_VALUE);
        Integer max = queryInt("max", maxParam, 0, MAX_MAX);
        AppCredentialState wanted = null;
        if (state != null && !state.isBlank()) {
            wanted = AppCredentialState.of(state);
            if (wanted == null) {
                throw ApiException.badRequest("state", "state must be one of active, disabled, suspended, expired, revoked");
            }
        }
        if (userId != null && !userId.isBlank() && !Text.isPlausibleName(userId)) {
            throw ApiException.badRequest("user", "user must be the id of a user");
        }
        String ownerId = blankToNull(userId);
        boolean viewableOwnersOnly = false;
        if (!everyOwner) {
            // fine-grained admin permissions: one owner the caller may view, or (as Keycloak's user list, with
            // query-users) every credential of an owner the caller may view
            UserModel owner = ownerId == null ? null : session.users().getUserById(realm, ownerId);
            if (owner != null) {
                auth.users().requireView(owner);
            } else {
                auth.users().requireQuery();
                if (ownerId != null) {
                    return Responses.noStore(Response.ok(List.of()));
                }
                viewableOwnersOnly = true;
            }
        }
        String clientUuid = null;
        if (clientId != null && !clientId.isBlank()) {
            ClientModel client = Text.isPlausibleName(clientId) ? realm.getClientByClientId(clientId) : null;
            if (client == null) {
                return Responses.noStore(Response.ok(List.of()));
            }
            clientUuid = client.getId();
        }
        AppCredentialFilter filter = new AppCredentialFilter(ownerId, clientUuid, wanted, Time.currentTimeMillis(), viewableOwnersOnly);
        Stream<AppCredentialModel> found = service.list(filter, first == null ? 0 : first, max == null ? DEFAULT_MAX : max);
        if (viewableOwnersOnly) {
            // the query already keeps only those; asked again per owner so that nothing else can ever show
            found = found.filter(c -> {
                UserModel owner = session.users().getUserById(realm, c.getUserId());
                return owner != null && auth.users().canView(owner);
            });
        }
        List<AppCredentialRepresentation> out = found.map(c -> representations.of(c, true)).toList();
        return Responses.noStore(Response.ok(out));
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One credential", description = "Needs the permission to view its owner.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AppCredentialRepresentation.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public Response get(@PathParam("id") String id) {
        AppCredentialModel credential = authorized(id, false, false);
        return Responses.noStore(Response.ok(representations.of(credential, true)));
    }

    @PATCH
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rename, describe, disable or enable a credential", description = "Only the fields sent change. Needs "
            + "the permission to manage its owner. An administrator cannot reactivate a suspended credential (its owner does, "
            + "with a fresh second factor).")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AppCredentialRepresentation.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Response update(@PathParam("id") String id,
                           @RequestBody(required = true, content = @Content(schema = @Schema(implementation = UpdateRequest.class))) byte[] body) {
        AppCredentialModel credential = authorized(id, true, true);
        return applyUpdate(credential, Json.read(body, UpdateRequest.class));
    }

    /**
     * Whole-representation update, as {@code kcadm.sh update} sends it: only {@code name}, {@code description}
     * and {@code state} are taken, everything else in the body is ignored.
     */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update from a whole credential (kcadm.sh update)", description = "Takes name, description and state "
            + "of the credential sent (as GET answers it); every other field is ignored.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = AppCredentialRepresentation.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    public Response replace(@PathParam("id") String id,
                            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = AppCredentialRepresentation.class))) byte[] body) {
        AppCredentialModel credential = authorized(id, true, true);
        AppCredentialRepresentation sent = Json.readLenient(body, AppCredentialRepresentation.class);
        UpdateRequest req = new UpdateRequest();
        req.name = sent.name;
        req.description = sent.description;
        req.state = sent.state == null || sent.state.equals(credential.getState(Time.currentTimeMillis()).value()) ? null : sent.state;
        return applyUpdate(credential, req);
    }

    private Response applyUpdate(AppCredentialModel credential, UpdateRequest req) {
        AppCredentialEvents.Before before = AppCredentialEvents.Before.of(credential);
        service.update(credential, req.toDomain(), AppCredentialService.Changer.ADMIN);
        AppCredentialRepresentation rep = representations.of(credential, true);
        AppCredentialEvents.admin(adminEvent, realm, before.operation(credential), credential, before.changed(credential))
                .operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).representation(rep).success();
        return Responses.noStore(Response.ok(rep));
    }

    @DELETE
    @Path("{id}/previous-secret")
    @Operation(summary = "End a credential's previous secret now", description = "Ends the overlap of a regenerate early: the "
            + "previous secret and the tokens issued from it stop working at once; the current secret and its tokens keep working. "
            + "Idempotent (204 also when there is no previous secret). Needs the permission to manage its owner.")
    @APIResponse(responseCode = "204", description = "The previous secret no longer works")
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public Response endPreviousSecret(@PathParam("id") String id) {
        AppCredentialModel credential = authorized(id, true, true);
        service.endPreviousSecret(credential);
        AppCredentialEvents.admin(adminEvent, realm, AppCredentialEvents.Operation.END_OVERLAP, credential, null)
                .operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke a credential", description = "For good; needs the permission to manage its owner.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public Response revoke(@PathParam("id") String id) {
        AppCredentialModel credential = authorized(id, true, true);
        service.revoke(credential);
        AppCredentialEvents.admin(adminEvent, realm, AppCredentialEvents.Operation.REVOKE, credential, null)
                .operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    @POST
    @Path("users/{userId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a credential for a user", description = "The secret goes to the administrator, so this needs "
            + "the permissions to manage and to impersonate the user, and to map every role granted. The credential is bound to "
            + "the owner's second factor (409 owner_mfa_not_configured when the realm requires one and the owner has none).")
    @APIResponse(responseCode = "201", description = "Created; the secret is in this answer only (no Location header, so that "
            + "kcadm.sh prints this answer)",
            headers = @Header(name = HttpHeaders.CONTENT_LOCATION, required = true, description = "The new credential's URL",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(schema = @Schema(ref = ApiDocs.WITH_SECRET)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocs.CONFLICT)
    @APIResponse(responseCode = "429", ref = ApiDocs.TOO_MANY_REQUESTS)
    public Response createFor(@Parameter(description = "The owner's user id") @PathParam("userId") String userId,
                              @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CreateRequest.class))) byte[] body) {
        UserModel owner = manageableOwner(userId);
        // The new secret is handed to the admin, who can then act as the owner: Keycloak's impersonation permission.
        if (!auth.users().canImpersonate(owner, null)) {
            throw ApiException.forbidden("forbidden", "Creating a credential for another user hands you its secret, "
                    + "so it needs the impersonation permission on that user");
        }
        CreateRequest req = Json.read(body, CreateRequest.class);
        AppCredentialService.WithSecret created = service.create(owner, req.toDomain(),
                new AppCredentialService.Creator(auth.adminAuth().getUser(), true, null, role -> requireMayMap(owner, role)));
        AppCredentialRepresentation rep = representations.of(created.credential(), true);
        URI location = session.getContext().getUri().getBaseUriBuilder()
                .path("admin/realms/{realm}/app-credentials/{id}").build(realm.getName(), created.credential().getId());
        AppCredentialEvents.admin(adminEvent, realm, AppCredentialEvents.Operation.CREATE, created.credential(), null)
                .operation(OperationType.CREATE).resourcePath("app-credentials", created.credential().getId()).representation(rep).success();
        // 201 with the new credential's URL as Content-Location rather than Location: kcadm ("create … -o") follows a
        // Location header with a GET, whose answer could never hold the secret, and prints that instead of this
        // answer, so the secret would be lost. Without a Location, kcadm prints this answer, secret included.
        return Responses.noStore(Response.status(Response.Status.CREATED).header(HttpHeaders.CONTENT_LOCATION, location)
                .entity(representations.withSecret(created, true)));
    }

    /**
     * An admin grants only roles they may map to the owner, as Keycloak's role mapping of a user asks it: the role
     * may be mapped by them, and they may map roles of this user.
     */
    private void requireMayMap(UserModel owner, RoleModel role) {
        if (!auth.users().canMapRoles(owner)) {
            throw ApiException.forbidden("forbidden", "You may not grant roles to this user: granting the role '" + role.getName()
                    + "' needs the permission to map roles of the user");
        }
        if (!auth.roles().canMapRole(role)) {
            throw ApiException.forbidden("forbidden", "You may not grant the role '" + role.getName() + "'"
                    + (role.isClientRole() ? " of client '" + ((ClientModel) role.getContainer()).getClientId() + "'" : "")
                    + ": only roles you may map to users can be granted");
        }
    }

    @DELETE
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke every credential of a user", description = "Needs the permission to manage the user.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RevokeAllResult.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND)
    public Response revokeAllOf(@Parameter(description = "The owner's user id") @PathParam("userId") String userId) {
        UserModel owner = manageableOwner(userId);
        List<String> ids = service.revokeAllOf(owner);
        adminEvent.detail(AppCredentialEvents.OPERATION, AppCredentialEvents.Operation.REVOKE_ALL.value).detail(AppCredentialEvents.OWNER, owner.getId())
                .detail(AppCredentialEvents.COUNT, Integer.toString(ids.size()))
                .operation(OperationType.DELETE).resourcePath(session.getContext().getUri())
                .representation(Map.of("revoked", ids)).success();
        return Responses.noStore(Response.ok(RevokeAllResult.of(ids.size())));
    }

    @GET
    @Path("policy")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The realm policy", description = "Needs view-realm.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PolicyRepresentation.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    public Response getPolicy() {
        auth.realm().requireViewRealm();
        return Responses.noStore(Response.ok(policyOf(realm)));
    }

    @PUT
    @Path("policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the realm policy", description = "The whole policy: fields left out take their defaults. Needs "
            + "manage-realm.")
    @APIResponse(responseCode = "200", description = "The policy as stored",
            content = @Content(schema = @Schema(implementation = PolicyRepresentation.class)))
    @APIResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    public Response putPolicy(@RequestBody(required = true, content = @Content(schema = @Schema(implementation = PolicyRepresentation.class))) byte[] body) {
        auth.realm().requireManageRealm();
        PolicyRepresentation sent = Json.read(body, PolicyRepresentation.class);
        RealmPolicy policy = sent.toPolicy();
        RealmPolicy.Problem problem = policy.validate();
        if (problem == null) {
            problem = RotationPolicy.validate(sent.maxRotationOverlapHours);
        }
        if (problem != null) {
            throw ApiException.badRequest(problem.field(), problem.field() + " " + problem.message());
        }
        if (policy.allowedClients().size() > MAX_ALLOWED_CLIENTS) {
            throw ApiException.badRequest("allowedClients", "allowedClients names at most " + MAX_ALLOWED_CLIENTS + " applications");
        }
        for (String clientId : policy.allowedClients()) {
            validateApplication(clientId);
        }
        for (String alias : policy.trustedIdpMfa().keySet()) {
            if (!Text.isPlausibleName(alias) || session.identityProviders().getByAlias(alias) == null) {
                throw ApiException.badRequest("trustedIdpMfa", Text.isPlausibleName(alias)
                        ? "No identity provider with the alias '" + alias + "' in this realm" : "trustedIdpMfa names an unknown identity provider");
            }
            String unusable = UpstreamMfa.unusableBecause(session.identityProviders().getByAlias(alias));
            if (unusable != null) {
                throw ApiException.badRequest("trustedIdpMfa", "Identity provider '" + alias + "' cannot vouch for second factors: " + unusable);
            }
        }
        policy.store(realm);
        RotationPolicy.store(realm, sent.maxRotationOverlapHours);
        PolicyRepresentation stored = policyOf(realm);
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).representation(stored).success();
        return Responses.noStore(Response.ok(stored));
    }

    /** Whether the realm's default application exists: {@code {"clientId": "app-credentials", "present": true}}. */
    @GET
    @Path("default-application")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether the default application exists", description = "Needs view-clients.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DefaultApplicationRepresentation.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    public Response getDefaultApplication() {
        auth.clients().requireView();
        ClientModel client = DefaultApplication.find(realm);
        return Responses.noStore(Response.ok(defaultApplication(client)));
    }

    /**
     * Creates the realm's default application again after it was deleted: {@code 201} when it was created, {@code 200}
     * when it was there. Reads never create it; the server also creates it when it starts.
     */
    @POST
    @Path("default-application")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create the default application again", description = "After it was deleted. Needs manage-clients.")
    @APIResponse(responseCode = "200", description = "It was there",
            content = @Content(schema = @Schema(implementation = DefaultApplicationRepresentation.class)))
    @APIResponse(responseCode = "201", description = "It was created",
            content = @Content(schema = @Schema(implementation = DefaultApplicationRepresentation.class)))
    @APIResponse(responseCode = "401", ref = ApiDocs.ADMIN_UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocs.ADMIN_FORBIDDEN)
    public Response restoreDefaultApplication() {
        auth.clients().requireManage();
        boolean created = DefaultApplication.restore(session, realm);
        ClientModel client = realm.getClientByClientId(DefaultApplication.CLIENT_ID);
        DefaultApplicationRepresentation rep = defaultApplication(client);
        if (created) {
            adminEvent.operation(OperationType.CREATE).resourcePath(session.getContext().getUri()).representation(rep).success();
        }
        return Responses.noStore(Response.status(created ? Response.Status.CREATED : Response.Status.OK).entity(rep));
    }

    private static DefaultApplicationRepresentation defaultApplication(ClientModel client) {
        DefaultApplicationRepresentation rep = new DefaultApplicationRepresentation();
        rep.clientId = DefaultApplication.CLIENT_ID;
        rep.present = client != null;
        if (client != null) {
            rep.id = client.getId();
            rep.enabled = client.isEnabled();
        }
        return rep;
    }

    // ---------------------------------------------------------------------------------------------

    /** An application must be a confidential OpenID Connect client authenticated by client secret. */
    private void validateApplication(String clientId) {
        if (DefaultApplication.CLIENT_ID.equals(clientId)) {
            // allowed even while it is missing: putting the policy creates nothing (see default-application)
            DefaultApplication.find(realm);
            return;
        }
        ClientModel client = Text.isPlausibleName(clientId) ? realm.getClientByClientId(clientId) : null;
        if (client == null) {
            throw ApiException.badRequest("allowedClients", Text.isPlausibleName(clientId)
                    ? "Unknown client '" + clientId + "'" : "allowedClients names an unknown client");
        }
        if (!OIDCLoginProtocol.LOGIN_PROTOCOL.equals(client.getProtocol()) || client.isPublicClient() || client.isBearerOnly()
                || !"client-secret".equals(client.getClientAuthenticatorType())) {
            throw ApiException.badRequest("allowedClients", "Client '" + clientId
                    + "' must be a confidential OpenID Connect client with client-secret authentication");
        }
    }

    /** Whether the realm uses fine-grained admin permissions (v2): then per-user and per-group permissions decide. */
    private boolean perOwnerPermissions() {
        return AdminPermissionsSchema.SCHEMA.isAdminPermissionsEnabled(realm);
    }

    /**
     * Whether the caller may view every owner. Without fine-grained admin permissions a caller who may not (no
     * view-users) is refused here; with them, such a caller may still view some owners.
     */
    private boolean viewsEveryOwner() {
        if (!perOwnerPermissions()) {
            auth.users().requireView();
            return true;
        }
        return auth.users().canView();
    }

    /** Without fine-grained admin permissions, writes need manage-users first (as before: no per-owner answers). */
    private void requireManageWithoutPerOwnerPermissions() {
        if (!perOwnerPermissions()) {
            auth.users().requireManage();
        }
    }

    /**
     * The credential once the caller may view its owner, and manage them for a change ({@code manage}); locked for
     * the change when {@code forUpdate}. An unknown credential is a 404, or a 403 for a caller who may not query
     * users (as Keycloak answers for unknown users, so that IDs cannot be probed).
     */
    private AppCredentialModel authorized(String id, boolean manage, boolean forUpdate) {
        if (!perOwnerPermissions()) {
            if (manage) {
                auth.users().requireManage();
            } else {
                auth.users().requireView();
            }
        }
        AppCredentialModel credential;
        try {
            // with per-owner permissions, the owner is checked before anything is locked
            credential = forUpdate && !perOwnerPermissions() ? service.getForUpdate(id) : service.get(id);
        } catch (AppCredentialException notFound) {
            if (perOwnerPermissions() && !auth.users().canQuery()) {
                throw new ForbiddenException();
            }
            throw notFound;
        }
        UserModel owner = session.users().getUserById(realm, credential.getUserId());
        if (owner == null) {
            // the owner was deleted in the meantime: their credentials go with them
            throw ApiException.notFound();
        }
        auth.users().requireView(owner);
        if (manage) {
            auth.users().requireManage(owner);
        }
        return forUpdate && perOwnerPermissions() ? service.getForUpdate(id) : credential;
    }

    /**
     * The owner of a credential to create or revoke, once the caller may view and manage them: a 404 when unknown (a 403
     * for a caller who may not query users), a 400 for a service account.
     */
    private UserModel manageableOwner(String userId) {
        requireManageWithoutPerOwnerPermissions();
        UserModel owner = Text.isPlausibleName(userId) ? session.users().getUserById(realm, userId) : null;
        if (owner == null) {
            if (perOwnerPermissions() && !auth.users().canQuery()) {
                throw new ForbiddenException();
            }
            throw ApiException.of(Response.Status.NOT_FOUND, "not_found", "userId", "User not found");
        }
        auth.users().requireView(owner);
        auth.users().requireManage(owner);
        if (owner.getServiceAccountClientLink() != null) {
            throw ApiException.badRequest("userId", "Service accounts cannot have application credentials");
        }
        return owner;
    }

    /** An optional whole-number query parameter within bounds, or a 400 naming it. */
    private static Integer queryInt(String name, String value, int min, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest(name, name + " must be a whole number between " + min + " and " + max);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The realm's whole policy as the API shows it. */
    private static PolicyRepresentation policyOf(RealmModel realm) {
        PolicyRepresentation r = PolicyRepresentation.of(RealmPolicy.of(realm));
        r.maxRotationOverlapHours = RotationPolicy.maxOverlapHours(realm);
        return r;
    }
}
