package dev.deckhand.sync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The sync core sees the JDK, SLF4J and the ports, nothing else. */
@AnalyzeClasses(packages = "dev.deckhand.sync", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreDependencyTest {

    @ArchTest
    static final ArchRule onlyJdkSlf4jAndPorts = classes()
            .that().resideInAPackage("dev.deckhand.sync..")
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "javax.crypto..", "org.slf4j..", "dev.deckhand.ports..", "dev.deckhand.sync..");
}
