package io.appcredentials.keycloak.rest.representation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /{id}/regenerate}, optional: without it (or with 0) the old secret stops working at once. */
@Schema(name = "RegenerateRequest", additionalProperties = Schema.False.class)
public class RegenerateRequest {
    @Schema(minimum = "0", description = "How long (whole seconds) the old secret keeps working beside the new one, at most "
            + "the policy's maxRotationOverlapHours × 3600 and never past the expiry; only for an active credential. Default 0: "
            + "the old secret and its tokens end at once. A previous secret still working from an earlier regenerate ends at once "
            + "either way")
    public Long overlapSeconds;
}
