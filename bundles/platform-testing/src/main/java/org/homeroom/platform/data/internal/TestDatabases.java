package org.homeroom.platform.data.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * Test-only door into the data bundle's package: unit tests run the real {@link PlatformDatabase}
 * and the real {@link Migrator}, so they can never disagree with production about transactions,
 * retries, error translation or how a migration script is split. (Lives in this package on the
 * plain test class path only; it is never deployed.)
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static PlatformDatabase migrated(DataSource dataSource, List<Path> scripts) {
        PlatformDatabase database = new PlatformDatabase(dataSource);
        List<MigrationScript> migrations = new ArrayList<>();
        for (Path script : scripts) {
            try {
                migrations.add(MigrationScript.of(script.getFileName().toString(), Files.readString(script, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + script, e);
            }
        }
        database.migrate("module-under-test", migrations);
        return database;
    }
}
