package io.appcredentials.keycloak.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.appcredentials.keycloak.model.AppCredentialException;

/** Answers a refusal of the domain thrown from either resource, as {@link ApiException#of(AppCredentialException)} says. */
@Provider
public class AppCredentialExceptionMapper implements ExceptionMapper<AppCredentialException> {

    @Override
    public Response toResponse(AppCredentialException e) {
        return ApiException.of(e).getResponse();
    }
}
