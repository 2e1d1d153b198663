package dev.deckhand.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;

/**
 * The hexagonal rule, checked over every module at once: cores see only ports, adapters see only
 * ports and their own technology, and only app knows concrete classes.
 */
@AnalyzeClasses(
        packages = "dev.deckhand",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NotPortsTesting.class})
class ArchitectureTest {

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Core").definedBy("dev.deckhand.sync..", "dev.deckhand.media..")
            .layer("Ports").definedBy("dev.deckhand.ports..")
            .layer("Adapters").definedBy("dev.deckhand.adapter..")
            .layer("App").definedBy("dev.deckhand.app..")
            .whereLayer("App").mayNotBeAccessedByAnyLayer()
            .whereLayer("Core").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Adapters").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Ports").mayOnlyBeAccessedByLayers("Core", "Adapters", "App");

    @ArchTest
    static final ArchRule coresUseOnlyTheJdkSlf4jAndPorts = classes()
            .that().resideInAnyPackage("dev.deckhand.sync..", "dev.deckhand.media..")
            .should().onlyDependOnClassesThat()
            // javax.crypto is the JDK's own HMAC and cipher API.
            .resideInAnyPackage("java..", "javax.crypto..", "org.slf4j..", "dev.deckhand.ports..", "dev.deckhand.sync..",
                    "dev.deckhand.media..");

    @ArchTest
    static final ArchRule syncAndMediaCoresAreIndependent = noClasses()
            .that().resideInAPackage("dev.deckhand.sync..")
            .should().dependOnClassesThat().resideInAPackage("dev.deckhand.media..");

    @ArchTest
    static final ArchRule portsUseOnlyTheJdk = classes()
            .that().resideInAPackage("dev.deckhand.ports..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.deckhand.ports..");

    @ArchTest
    static final ArchRule onlyTheMetricsAdapterKnowsPrometheus = noClasses()
            .that().resideOutsideOfPackages("dev.deckhand.adapter.metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer.prometheusmetrics..", "io.prometheus..")
            .because("the rest records through the Micrometer facade; only adapter-metrics renders Prometheus text");

    @ArchTest
    static final ArchRule adaptersDoNotKnowEachOther =
            slices().matching("dev.deckhand.adapter.(*)..").should().notDependOnEachOther();

    @ArchTest
    static final ArchRule onlyAppReadsTheEnvironment = noClasses()
            .that().resideOutsideOfPackage("dev.deckhand.app..")
            .should().callMethod(System.class, "getenv")
            .orShould().callMethod(System.class, "getenv", String.class)
            .orShould().callMethod(System.class, "getProperty", String.class);

    @ArchTest
    static final ArchRule noJavaUtilLogging = GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    @ArchTest
    static final ArchRule noStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
            .because("output goes through SLF4J, or picocli's writers on the command line");

    @ArchTest
    static final ArchRule noGenericExceptions = GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

    @ArchTest
    static final ArchRule noFieldInjection = GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

    /** The ports test-jar (fakes and contracts) is on the classpath as a jar; leave it out. */
    static final class NotPortsTesting implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/dev/deckhand/ports/testing/");
        }
    }
}
