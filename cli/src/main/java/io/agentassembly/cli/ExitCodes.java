package io.agentassembly.cli;

/**
 * The exit codes scripts can branch on (docs/cli.md). Picocli's own usage errors already exit with {@link #USAGE}.
 */
public final class ExitCodes {

    /** The command did what it was asked. */
    public static final int OK = 0;
    /** The API refused the request (400, 409, 413, 422, 429, …), failed (5xx), or could not be reached. */
    public static final int API_ERROR = 1;
    /** The command line or the configuration is wrong (unknown option, missing argument, unreadable file, bad URL). */
    public static final int USAGE = 2;
    /** No usable credential (none configured, or the API answered 401), or the key's role may not do this (403). */
    public static final int AUTHENTICATION = 3;
    /** The API answered 404: no such resource in the key's workspace (or no such route on that server). */
    public static final int NOT_FOUND = 4;
    /** A verification found the audit chain or an export broken (or tampered with): the output names where. */
    public static final int VERIFICATION_FAILED = 5;
    /** {@code policy simulate --fail-on-deny}: the simulated decision is DENY (printed as usual). */
    public static final int DENIED = 6;

    private ExitCodes() {
    }
}
