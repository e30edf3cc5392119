package io.appcredentials.keycloak;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layering the README's "How the code is laid out" describes, checked on the compiled classes: the domain never
 * reaches up into the REST layer, only the storage implementation touches JPA entities, and no package depends on
 * another in a circle.
 */
@AnalyzeClasses(packages = "io.appcredentials.keycloak", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "io.appcredentials.keycloak";

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theDomainNeverDependsOnRest = noClasses()
            .that().resideInAnyPackage(ROOT + ".service..", ROOT + ".model..", ROOT + ".mfa..", ROOT + ".token..",
                    ROOT + ".boundary..", ROOT + ".policy..", ROOT + ".restriction..", ROOT + ".secret..", ROOT + ".notify..",
                    ROOT + ".metrics..", ROOT + ".lifecycle..", ROOT + ".application..")
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".rest..");

    @ArchTest
    static final ArchRule onlyTheStorageTouchesJpaEntities = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".model..")
            .should().dependOnClassesThat().areAnnotatedWith("jakarta.persistence.Entity");

    @ArchTest
    static final ArchRule onlyTheStorageSpeaksJpa = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".model..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.persistence..");

    /**
     * The storage (the SPI, its JPA provider and the cache layer with its factory) sits below everything that uses it:
     * it never reaches up into the lifecycle jobs, the token path, the domain services or the server's state.
     */
    @ArchTest
    static final ArchRule theStorageNeverDependsOnItsUsers = noClasses()
            .that().resideInAPackage(ROOT + ".model..")
            .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".lifecycle..", ROOT + ".token..", ROOT + ".boundary..",
                    ROOT + ".service..", ROOT + ".mfa..", ROOT + ".notify..", ROOT + ".metrics..", ROOT + ".application..",
                    ROOT + ".policy..", ROOT + ".rest..");

    /**
     * HTTP belongs to the REST layer; the token endpoint's hooks ({@code token/}, {@code boundary/}) answer through
     * Keycloak's own SPIs, whose methods take and return JAX-RS responses.
     */
    @ArchTest
    static final ArchRule httpOnlyInRestAndAtKeycloaksTokenEndpoint = noClasses()
            .that().resideOutsideOfPackages(ROOT + ".rest..", ROOT + ".token..", ROOT + ".boundary..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.ws.rs..");
}
