package io.appcredentials.keycloak.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/**
 * The published description, {@code docs/api/openapi.yaml}, is the one the build generates from the resources'
 * annotations (the SmallRye OpenAPI plugin writes {@code target/generated/openapi.yaml} before the tests run): a change
 * of a resource or a representation without the description fails here. OpenApiIT then checks the running server against
 * the published file.
 */
class OpenApiDescriptionTest {

    static final Path GENERATED = Path.of("target", "generated", "openapi.yaml");
    static final Path PUBLISHED = Path.of("..", "docs", "api", "openapi.yaml");

    @Test
    void thePublishedDescriptionIsTheGeneratedOne() throws IOException {
        assertTrue(Files.isRegularFile(GENERATED), GENERATED.toAbsolutePath() + " is missing: the build's process-classes phase writes it");
        String generated = Files.readString(GENERATED, StandardCharsets.UTF_8);
        String published = Files.isRegularFile(PUBLISHED) ? Files.readString(PUBLISHED, StandardCharsets.UTF_8) : "";
        assertEquals(null, firstDifference(generated, published), "docs/api/openapi.yaml is not what the resources' annotations "
                + "describe now; after a build, copy the new one over it: cp provider/target/generated/openapi.yaml docs/api/openapi.yaml");
    }

    /** The first line where the two differ, with both versions of it; null when they are the same. */
    static String firstDifference(String generated, String published) {
        if (generated.equals(published)) {
            return null;
        }
        String[] a = generated.split("\n", -1);
        String[] b = published.split("\n", -1);
        int i = 0;
        while (i < a.length && i < b.length && a[i].equals(b[i])) {
            i++;
        }
        return "line " + (i + 1) + ": generated '" + (i < a.length ? a[i] : "<end>") + "', published '" + (i < b.length ? b[i] : "<end>") + "'";
    }
}
