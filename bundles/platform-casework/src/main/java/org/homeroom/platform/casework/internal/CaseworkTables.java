package org.homeroom.platform.casework.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.regex.Pattern;

import org.homeroom.platform.api.data.Database;

/**
 * For other modules' unit tests only: their {@code TestDatabase} applies just their own migrations, so a module that
 * builds a real {@link JdbcCasework} on it creates casework's tables with {@code CaseworkTables.create(database)}.
 * In the container the platform's migrator applies {@code db/migration} as usual.
 */
public final class CaseworkTables {

    private static final Pattern SIZED_LOB = Pattern.compile("\\b(CLOB|BLOB)\\s*\\(\\s*\\d+\\s*[KMG]?\\s*\\)", Pattern.CASE_INSENSITIVE);

    private CaseworkTables() {
    }

    public static void create(Database database) {
        String script;
        try (InputStream in = CaseworkTables.class.getResourceAsStream("/db/migration/V1__casework.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read casework's migration", e);
        }
        boolean postgres = database.product().startsWith("PostgreSQL");
        String sql = script.lines().filter(l -> !l.startsWith("--")).reduce("", (a, b) -> a + "\n" + b);
        database.inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                for (String statement : sql.split(";")) {
                    if (!statement.isBlank()) {
                        String s = postgres ? SIZED_LOB.matcher(statement).replaceAll(m -> m.group(1).equalsIgnoreCase("CLOB") ? "TEXT" : "BYTEA") : statement;
                        st.execute(s);
                    }
                }
            }
            return null;
        });
    }
}
