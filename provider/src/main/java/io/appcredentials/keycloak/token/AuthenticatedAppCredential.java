package io.appcredentials.keycloak.token;

import org.keycloak.models.UserModel;

import io.appcredentials.keycloak.model.AppCredentialLease;
import io.appcredentials.keycloak.policy.RealmPolicy;

/**
 * Handed from the client authenticator to the grant through a session attribute within one token request.
 * {@code previous}: the previous secret of a rotation overlap when the request used it, else null (the current one).
 */
record AuthenticatedAppCredential(AppCredentialLease credential, UserModel owner, RealmPolicy policy, AppCredentialLease.PreviousSecret previous) {

    static final String SESSION_ATTRIBUTE = AuthenticatedAppCredential.class.getName();
}
