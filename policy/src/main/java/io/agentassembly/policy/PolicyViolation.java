package io.agentassembly.policy;

/**
 * What is wrong with a submitted document: which document of the file and where in it (line and column), all
 * three counted from 1 as editors count them ({@code null} when unknown); the field path
 * ({@code spec.tools.shell.limit_per_hour}) and what to fix.
 */
public record PolicyViolation(int document, Integer line, Integer column, String field, String message) {
}
