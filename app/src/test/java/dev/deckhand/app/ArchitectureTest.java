package dev.deckhand.app;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * The hexagonal rule, checked over every module at once: cores see only ports, adapters see only
 * ports and their own technology, and only app knows concrete classes. {@link PlantedViolationsTest}
 * shows that each rule fails on a class that breaks it.
 */
@AnalyzeClasses(
        packages = "dev.deckhand",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NotPortsTesting.class})
class ArchitectureTest {

    private static final DescribedPredicate<JavaClass> JDK_INFRASTRUCTURE = JavaClass.Predicates
            .resideInAnyPackage("java.sql..", "java.net.http..", "java.awt..", "javax..")
            .and(not(JavaClass.Predicates.resideInAPackage("javax.crypto..")))
            .as("JDBC, the JDK's HTTP client, AWT or javax (except javax.crypto)");

    /** Methods by which code reads a setting from its surroundings, by the class that declares them. */
    private static final Map<String, Set<String>> SETTING_READERS = Map.of(
            System.class.getName(), Set.of("getenv", "getProperty", "getProperties"),
            Integer.class.getName(), Set.of("getInteger"),
            Long.class.getName(), Set.of("getLong"),
            Boolean.class.getName(), Set.of("getBoolean"));

    private static final DescribedPredicate<JavaMethodCall> READS_A_SETTING = DescribedPredicate.describe(
            "read an environment variable or system property",
            call -> SETTING_READERS.getOrDefault(call.getTargetOwner().getName(), Set.of()).contains(call.getName()));

    @ArchTest
    static final ArchRule layers = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("Core").definedBy("dev.deckhand.sync..", "dev.deckhand.media..")
            .layer("Ports").definedBy("dev.deckhand.ports..")
            .layer("Adapters").definedBy("dev.deckhand.adapter..")
            .layer("Client").definedBy("dev.deckhand.client..")
            .layer("App").definedBy("dev.deckhand.app..")
            .whereLayer("App").mayNotBeAccessedByAnyLayer()
            .whereLayer("Core").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Adapters").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Client").mayOnlyBeAccessedByLayers("App")
            .whereLayer("Ports").mayOnlyBeAccessedByLayers("Core", "Adapters", "Client", "App");

    @ArchTest
    static final ArchRule coresUseOnlyTheJdkSlf4jAndPorts = classes()
            .that().resideInAnyPackage("dev.deckhand.sync..", "dev.deckhand.media..")
            .should().onlyDependOnClassesThat()
            // javax.crypto is the JDK's own HMAC and cipher API.
            .resideInAnyPackage("java..", "javax.crypto..", "org.slf4j..", "dev.deckhand.ports..", "dev.deckhand.sync..",
                    "dev.deckhand.media..");

    /**
     * The JDK's own infrastructure APIs belong in adapters too: a core or port that reaches for
     * JDBC, the HTTP client, AWT images or a {@code javax} service has grown an adapter inside it.
     */
    @ArchTest
    static final ArchRule coresAndPortsUseNoJdkInfrastructure = noClasses()
            .that().resideInAnyPackage("dev.deckhand.sync..", "dev.deckhand.media..", "dev.deckhand.ports..")
            .should().dependOnClassesThat(JDK_INFRASTRUCTURE);

    /** A port says what failed in its own terms (StorageException, TranscodingException, ...), not in java.io's. */
    @ArchTest
    static final ArchRule portsDeclareNoIOException = methods()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.deckhand.ports..")
            .and().areDeclaredInClassesThat().areInterfaces()
            .should().notDeclareThrowableOfType(IOException.class);

    @ArchTest
    static final ArchRule syncAndMediaCoresAreIndependent = noClasses()
            .that().resideInAPackage("dev.deckhand.sync..")
            .should().dependOnClassesThat().resideInAPackage("dev.deckhand.media..");

    @ArchTest
    static final ArchRule portsUseOnlyTheJdk = classes()
            .that().resideInAPackage("dev.deckhand.ports..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.deckhand.ports..");

    /** Values stand alone, so every side of the hexagon can hold them without pulling in a port. */
    @ArchTest
    static final ArchRule portValuesKnowNoPort = classes()
            .that().resideInAPackage("dev.deckhand.ports.model..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.deckhand.ports.model..");

    /** An adapter implementing a driven port must not need the use cases that sit on the other side of the core. */
    @ArchTest
    static final ArchRule drivenPortsKnowNoUseCase = noClasses()
            .that().resideInAPackage("dev.deckhand.ports.out..")
            .should().dependOnClassesThat().resideInAPackage("dev.deckhand.ports.in..");

    @ArchTest
    static final ArchRule onlyTheMetricsAdapterKnowsPrometheus = noClasses()
            .that().resideOutsideOfPackages("dev.deckhand.adapter.metrics..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer.prometheusmetrics..", "io.prometheus..")
            .because("the rest records through the Micrometer facade; only adapter-metrics renders Prometheus text");

    @ArchTest
    static final ArchRule adaptersDoNotKnowEachOther =
            slices().matching("dev.deckhand.adapter.(*)..").should().notDependOnEachOther();

    /** Like jdbi's modules: what sits in an adapter's {@code internal} packages is for that adapter's modules alone. */
    @ArchTest
    static final ArchRule adapterInternalsStayInTheirAdapter = noClasses()
            .that().resideOutsideOfPackage("dev.deckhand.adapter..")
            .should().dependOnClassesThat().resideInAPackage("dev.deckhand.adapter..internal..");

    /**
     * Anki collection files are one adapter and Deckhand's own server database another; the server
     * side reads collections (moving in, usage), never the other way round.
     */
    @ArchTest
    static final ArchRule collectionFilesKnowNoServerDatabase = noClasses()
            .that().resideInAPackage("dev.deckhand.adapter.sqlite.collection..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.deckhand.adapter.sqlite", "dev.deckhand.adapter.sqlite.internal..");

    /** Settings come in through constructors; a library class that reads them on its own surprises its embedder. */
    @ArchTest
    static final ArchRule onlyAppReadsTheEnvironment = noClasses()
            .that().resideOutsideOfPackage("dev.deckhand.app..")
            .should().callMethodWhere(READS_A_SETTING);

    /** ArchUnit's own JUL rule only sees fields of JUL types; a {@code Logger.getLogger(...).info(...)} slipped past it. */
    @ArchTest
    static final ArchRule noJavaUtilLogging = noClasses()
            .should().dependOnClassesThat().resideInAPackage("java.util.logging..")
            .because("all logging goes through SLF4J, so one configuration governs it");

    @ArchTest
    static final ArchRule noStandardStreams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS
            .because("output goes through SLF4J, or picocli's writers on the command line");

    @ArchTest
    static final ArchRule noGenericExceptions = GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

    /**
     * The ports test-jar (fakes, contracts, the ports' own tests) is on the classpath as a jar once
     * packaged, or as its test-classes folder in a build that stops before {@code package}; leave it out.
     */
    static final class NotPortsTesting implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/dev/deckhand/ports/testing/") && !location.contains("-tests.jar");
        }
    }
}
