package io.appcredentials.keycloak.model.cache;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;
import org.infinispan.protostream.annotations.ProtoSyntax;

/**
 * ProtoStream schema of the extension's cluster messages. The annotation processor generates its implementation
 * and registers it as a {@code SerializationContextInitializer} service, which Keycloak loads with its own schemas.
 */
@ProtoSchema(
        syntax = ProtoSyntax.PROTO3,
        schemaPackageName = "appcredentials",
        schemaFileName = "app-credentials.proto",
        schemaFilePath = "proto/generated",
        includeClasses = AppCredentialInvalidationEvent.class)
public interface CacheSchema extends GeneratedSchema {
}
