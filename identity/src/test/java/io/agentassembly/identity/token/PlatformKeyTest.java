package io.agentassembly.identity.token;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The development key file: created owner-only with its directories, refused when others may read it. */
class PlatformKeyTest {

    @TempDir
    Path temp;

    @Test
    void createsTheKeyFileAndTheDirectoriesItNeedsForTheOwnerOnly() throws IOException {
        Path file = temp.resolve("state/.aasm/token.key");

        PlatformKey created = PlatformKey.fromFile(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("state"))))
                .isEqualTo("rwx------");
        assertThat(PlatformKey.fromFile(file).derive("access-token")).isEqualTo(created.derive("access-token"));
    }

    @Test
    void refusesAKeyFileThatGroupOrOthersMayRead() throws IOException {
        Path file = temp.resolve("token.key");
        PlatformKey.fromFile(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> PlatformKey.fromFile(file))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600 " + file.toAbsolutePath());

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw----rw-"));
        assertThatThrownBy(() -> PlatformKey.fromFile(file)).isInstanceOf(IllegalStateException.class);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThat(PlatformKey.fromFile(file)).isNotNull();
    }
}
