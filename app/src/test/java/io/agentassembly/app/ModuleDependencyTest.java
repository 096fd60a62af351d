package io.agentassembly.app;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Pins the dependency directions of docs/architecture.md. */
class ModuleDependencyTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.agentassembly");

    private static final String COMMAND_API = "io.agentassembly.command.api..";
    private static final String COMMAND_DOMAIN = "io.agentassembly.command.domain..";
    private static final String QUERY_API = "io.agentassembly.query.api..";
    private static final String QUERY_HANDLERS = "io.agentassembly.query.handler..";
    private static final String PROJECTIONS = "io.agentassembly.projection..";
    private static final String SCHEMA = "io.agentassembly.schema..";
    private static final String IDENTITY = "io.agentassembly.identity..";
    private static final String GATEWAY = "io.agentassembly.gateway..";
    private static final String POLICY = "io.agentassembly.policy..";
    private static final String APP = "io.agentassembly.app..";
    private static final String CLI = "io.agentassembly.cli..";

    @Test
    void theCommandApiDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage(COMMAND_API).should().dependOnClassesThat()
                .resideInAnyPackage(COMMAND_DOMAIN, QUERY_API, QUERY_HANDLERS, PROJECTIONS, SCHEMA, IDENTITY, GATEWAY, APP)
                .check(CLASSES);
    }

    @Test
    void theDomainDependsOnlyOnTheCommandApiAndItsLookupTables() {
        noClasses().that().resideInAPackage(COMMAND_DOMAIN).should().dependOnClassesThat()
                .resideInAnyPackage(QUERY_API, QUERY_HANDLERS, PROJECTIONS, IDENTITY, GATEWAY, APP)
                .check(CLASSES);
    }

    @Test
    void theQueryApiDependsOnlyOnTheCommandApiValueTypes() {
        noClasses().that().resideInAPackage(QUERY_API).should().dependOnClassesThat()
                .resideInAnyPackage(COMMAND_DOMAIN, QUERY_HANDLERS, PROJECTIONS, SCHEMA, IDENTITY, GATEWAY, APP)
                .check(CLASSES);
    }

    @Test
    void projectionsDependOnlyOnTheCommandApiAndTheSchema() {
        noClasses().that().resideInAPackage(PROJECTIONS).should().dependOnClassesThat()
                .resideInAnyPackage(COMMAND_DOMAIN, QUERY_API, QUERY_HANDLERS, IDENTITY, GATEWAY, APP)
                .check(CLASSES);
    }

    @Test
    void queryHandlersDependOnlyOnTheQueryApiAndTheSchema() {
        noClasses().that().resideInAPackage(QUERY_HANDLERS).should().dependOnClassesThat()
                .resideInAnyPackage(COMMAND_DOMAIN, PROJECTIONS, IDENTITY, GATEWAY, APP)
                .check(CLASSES);
    }

    @Test
    void identityAndGatewayUseOnlyTheApisNeverAnotherModulesInternals() {
        noClasses().that().resideInAnyPackage(IDENTITY, GATEWAY).should().dependOnClassesThat()
                .resideInAnyPackage(COMMAND_DOMAIN, QUERY_HANDLERS, PROJECTIONS, APP)
                .check(CLASSES);
    }

    @Test
    void thePolicyModuleIsPlainJavaAndDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage(POLICY).should().dependOnClassesThat()
                .resideInAnyPackage(COMMAND_API, COMMAND_DOMAIN, QUERY_API, QUERY_HANDLERS, PROJECTIONS, SCHEMA, IDENTITY,
                        GATEWAY, APP, "org.springframework..", "org.axonframework..", "org.jooq..")
                .check(CLASSES);
    }

    @Test
    void theCliTalksToTheProductOnlyOverHttp() {
        noClasses().that().resideInAPackage(CLI).should().dependOnClassesThat()
                .resideInAnyPackage(COMMAND_API, COMMAND_DOMAIN, QUERY_API, QUERY_HANDLERS, PROJECTIONS, SCHEMA, IDENTITY,
                        GATEWAY, POLICY, APP, "org.springframework..", "org.axonframework..", "org.jooq..")
                .check(CLASSES);
        noClasses().that().resideOutsideOfPackage(CLI).should().dependOnClassesThat().resideInAPackage(CLI)
                .check(CLASSES);
    }

    @Test
    void nothingButTheAppDependsOnTheApp() {
        noClasses().that().resideOutsideOfPackage(APP).should().dependOnClassesThat().resideInAPackage(APP)
                .check(CLASSES);
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("io.agentassembly.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
