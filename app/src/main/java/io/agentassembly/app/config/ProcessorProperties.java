package io.agentassembly.app.config;

import io.agentassembly.app.config.ProcessingGroups.Wiring;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives Axon each processing group's mode, batch size, threads and segments from {@link ProcessingGroups} as
 * {@code axon.eventhandling.processors.<group>.*} properties of the lowest precedence: an operator may still
 * override one of them (e.g. {@code --axon.eventhandling.processors.audit-log.mode=pooled}) and keep the rest.
 * Registered in META-INF/spring.factories.
 */
public class ProcessorProperties implements EnvironmentPostProcessor {

    static final String SOURCE = "aasm-processing-groups";
    private static final String PREFIX = "axon.eventhandling.processors.";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, properties()));
    }

    static Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (ProcessingGroups entry : ProcessingGroups.values()) {
            String prefix = PREFIX + entry.group() + ".";
            Wiring wiring = entry.wiring();
            properties.put(prefix + "mode", wiring.mode().propertyValue());
            if (wiring.mode().streaming()) {
                properties.put(prefix + "batch-size", wiring.batchSize());
                properties.put(prefix + "thread-count", wiring.threads());
                properties.put(prefix + "initial-segment-count", wiring.segments());
            }
        }
        return properties;
    }
}
