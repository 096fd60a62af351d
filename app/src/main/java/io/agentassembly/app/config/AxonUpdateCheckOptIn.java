package io.agentassembly.app.config;

import org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A control plane does not phone home (ADR 0017): Axon's update checker, which sends anonymous usage data to
 * AxonIQ and writes a machine id under the user's home directory, runs only when an operator sets
 * {@code axon.update-check.disabled=false} (environment {@code AXON_UPDATECHECK_DISABLED=false}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.update-check.disabled", havingValue = "false")
@Import(UpdateCheckerAutoConfiguration.class)
public class AxonUpdateCheckOptIn {
}
