package org.homeroom.directory.internal;

import static org.homeroom.platform.testing.Problems.fields;
import static org.homeroom.platform.testing.Problems.problem;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class DirectoryModuleTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    public void aZipIsUnpackedFlatKeepingOnlyTheOneRosterFiles() throws IOException {
        Path folder = temp.newFolder().toPath();
        DirectoryModule.unzip(new ByteArrayInputStream(zip("export/manifest.csv", "propertyName,value\n", "export/users.csv", "x",
                "../../etc/passwd", "root", "export/notes.txt", "hello")), folder);
        assertEquals(Set.of("manifest.csv", "users.csv"), Set.of(folder.toFile().list()));
        assertFalse(Files.exists(folder.resolve("passwd")));
    }

    @Test
    public void aZipCarryingTwoSetsIsRefused() throws IOException {
        Path folder = temp.newFolder().toPath();
        var refused = problem(() -> {
            try {
                DirectoryModule.unzip(new ByteArrayInputStream(zip("monday/users.csv", "a", "tuesday/users.csv", "b")), folder);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(422, refused.status());
        assertEquals(Set.of("users.csv"), fields(refused));
        assertTrue(refused.errors().get(0).message().contains("twice"));
    }
}
