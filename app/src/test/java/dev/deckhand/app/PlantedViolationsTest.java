package dev.deckhand.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.deckhand.adapter.plantedone.AdapterReadingSettings;
import dev.deckhand.adapter.plantedone.AdapterUsingAnotherAdapter;
import dev.deckhand.adapter.plantedone.AdapterWithBadHabits;
import dev.deckhand.adapter.plantedtwo.OtherAdapter;
import dev.deckhand.adapter.sqlite.collection.planted.CollectionsUsingTheServerDatabase;
import dev.deckhand.app.planted.AppUsingAnAdapterInternal;
import dev.deckhand.client.planted.ClientUsingACore;
import dev.deckhand.media.planted.CoreUsingJackson;
import dev.deckhand.media.planted.CoreUsingJdbc;
import dev.deckhand.ports.model.planted.ValueHoldingAPort;
import dev.deckhand.ports.out.planted.DrivenPortUsingAUseCase;
import dev.deckhand.ports.planted.PortUsingHttpClient;
import dev.deckhand.ports.planted.PortThrowingIoException;
import dev.deckhand.ports.planted.PortUsingSlf4j;
import dev.deckhand.sync.planted.CoreUsingAnAdapter;
import dev.deckhand.sync.planted.SyncCoreUsingMediaCore;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule of {@link ArchitectureTest} fails on a test class planted to break it, so a rule that
 * silently matches nothing (a misspelt package, a predicate that never fires) cannot pass for one
 * that holds.
 */
class PlantedViolationsTest {

    static Stream<Arguments> plantedViolations() {
        return Stream.of(
                planted("a core uses an adapter", ArchitectureTest.layers, CoreUsingAnAdapter.class, AdapterUsingAnotherAdapter.class),
                planted("the client uses a core", ArchitectureTest.layers, ClientUsingACore.class, SyncCoreUsingMediaCore.class),
                planted("a core uses Jackson", ArchitectureTest.coresUseOnlyTheJdkSlf4jAndPorts, CoreUsingJackson.class),
                planted("a core uses JDBC", ArchitectureTest.coresAndPortsUseNoJdkInfrastructure, CoreUsingJdbc.class),
                planted("a port names the HTTP client", ArchitectureTest.coresAndPortsUseNoJdkInfrastructure,
                        PortUsingHttpClient.class),
                planted("the sync core uses the media core", ArchitectureTest.syncAndMediaCoresAreIndependent,
                        SyncCoreUsingMediaCore.class, CoreUsingJdbc.class),
                planted("a port throws IOException", ArchitectureTest.portsDeclareNoIOException, PortThrowingIoException.class),
                planted("a value holds a port", ArchitectureTest.portValuesKnowNoPort, ValueHoldingAPort.class),
                planted("a driven port needs a use case", ArchitectureTest.drivenPortsKnowNoUseCase, DrivenPortUsingAUseCase.class),
                planted("a port uses SLF4J", ArchitectureTest.portsUseOnlyTheJdk, PortUsingSlf4j.class),
                planted("an adapter uses another", ArchitectureTest.adaptersDoNotKnowEachOther,
                        AdapterUsingAnotherAdapter.class, OtherAdapter.class),
                planted("an adapter reads system properties", ArchitectureTest.onlyAppReadsTheEnvironment,
                        AdapterReadingSettings.class),
                planted("the app reaches into an adapter's internals", ArchitectureTest.adapterInternalsStayInTheirAdapter,
                        AppUsingAnAdapterInternal.class),
                planted("collection files use the server database", ArchitectureTest.collectionFilesKnowNoServerDatabase,
                        CollectionsUsingTheServerDatabase.class),
                planted("java.util.logging", ArchitectureTest.noJavaUtilLogging, AdapterWithBadHabits.class),
                planted("standard output", ArchitectureTest.noStandardStreams, AdapterWithBadHabits.class),
                planted("a generic exception", ArchitectureTest.noGenericExceptions, AdapterWithBadHabits.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedViolations")
    void theRuleFailsOnItsPlantedViolation(String violation, ArchRule rule, Class<?> offender, JavaClasses classes) {
        EvaluationResult result = rule.evaluate(classes);

        assertThat(result.hasViolation()).as(violation).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains(offender.getName()));
    }

    @Test
    void everyWayOfReadingASettingIsCaught() {
        JavaClasses classes = new ClassFileImporter().importClasses(AdapterReadingSettings.class);

        assertThat(ArchitectureTest.onlyAppReadsTheEnvironment.evaluate(classes).getFailureReport().getDetails())
                .anyMatch(line -> line.contains("Integer.getInteger"))
                .anyMatch(line -> line.contains("System.getProperty"));
    }

    /** The offender comes first; the other classes are what it wrongly depends on. */
    private static Arguments planted(String violation, ArchRule rule, Class<?> offender, Class<?>... others) {
        Class<?>[] all = Stream.concat(Stream.of(offender), Stream.of(others)).toArray(Class<?>[]::new);
        return Arguments.of(violation, rule, offender, new ClassFileImporter().importClasses(all));
    }
}
