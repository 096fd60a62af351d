package io.agentassembly.app;

import org.axonframework.springboot.autoconfig.UpdateCheckerAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

// Axon's update checker (anonymous usage reporting to AxonIQ) is imported only on request: config/AxonUpdateCheckOptIn.
@SpringBootApplication(scanBasePackages = "io.agentassembly", exclude = UpdateCheckerAutoConfiguration.class)
@EnableScheduling
public class AasmApplication {

    public static void main(String[] args) {
        System.setProperty("disable-axoniq-console-message", "true");
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        SpringApplication.run(AasmApplication.class, args);
    }
}
