package io.appcredentials.keycloak.token;

import org.keycloak.models.UserModel;

import io.appcredentials.keycloak.model.AppCredentialLease;
import io.appcredentials.keycloak.policy.RealmPolicy;

/** Handed from the client authenticator to the grant through a session attribute within one token request. */
record AuthenticatedAppCredential(AppCredentialLease credential, UserModel owner, RealmPolicy policy) {

    static final String SESSION_ATTRIBUTE = AuthenticatedAppCredential.class.getName();
}
