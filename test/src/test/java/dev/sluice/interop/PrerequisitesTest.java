package dev.sluice.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrerequisitesTest {

    private static Prerequisites.Machine machine(boolean root, Set<String> absentTools, Path repository) {
        return new Prerequisites.Machine() {
            @Override
            public boolean isLinux() {
                return true;
            }

            @Override
            public boolean isRoot() {
                return root;
            }

            @Override
            public boolean hasTool(String name) {
                return !absentTools.contains(name);
            }

            @Override
            public Path repository() {
                return repository;
            }

            @Override
            public Path launcher() {
                return repository.resolve("sluice");
            }
        };
    }

    @Test
    void completeMachineMissesNothing(@TempDir Path repo) throws IOException {
        Files.createFile(repo.resolve("sluice"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertEquals(List.of(), Prerequisites.missing(machine(true, Set.of(), repo), true));
    }

    @Test
    void namesEverythingThatIsMissing(@TempDir Path repo) {
        List<String> missing = Prerequisites.missing(machine(false, Set.of("tshark", "qemu-system-x86_64"), repo), true);
        assertEquals(3, missing.size(), missing.toString());
        assertTrue(missing.get(0).startsWith("root"));
        assertTrue(missing.get(1).contains("qemu-system-x86_64, tshark"), missing.get(1));
        assertTrue(missing.get(2).contains("launcher"), missing.get(2));
        assertEquals(List.of(), Prerequisites.missing(machine(true, Set.of(), repo), false),
                "the launcher matters only to classes that need Sluice");
    }

    @Test
    void ciFailsWhereADeveloperMachineSkips() {
        assertInstanceOf(InteropPrerequisites.Decision.Run.class, InteropPrerequisites.decide(List.of(), true));
        InteropPrerequisites.Decision skip = InteropPrerequisites.decide(List.of("root"), false);
        InteropPrerequisites.Decision fail = InteropPrerequisites.decide(List.of("root"), true);
        assertTrue(skip instanceof InteropPrerequisites.Decision.Skip s && s.reason().contains("root"));
        assertTrue(fail instanceof InteropPrerequisites.Decision.Fail f && f.reason().contains("CI=true"));
    }
}
