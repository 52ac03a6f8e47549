// Run: javac -cp derby-10.14.2.0.jar Micro.java && java -cp derby-10.14.2.0.jar:. Micro   (from bench/page-read; Derby from your Maven repository)
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.*;
import java.time.Instant;
import java.util.*;
import org.apache.derby.jdbc.EmbeddedDataSource;

/** Thread CPU time of reading a 50-row page with six timestamps per row: a new UTC calendar per read vs one per thread; and COUNT(*) + page vs page alone. */
public class Micro {
    static final ThreadLocal<Calendar> TL = ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));
    public static void main(String[] a) throws Exception {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:micro"); ds.setCreateDatabase("create");
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE T (ID BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, SITE VARCHAR(8), T1 TIMESTAMP, T2 TIMESTAMP, T3 TIMESTAMP, T4 TIMESTAMP, T5 TIMESTAMP, T6 TIMESTAMP)");
            s.execute("CREATE INDEX T_SITE ON T (SITE, T1 DESC, ID DESC)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO T (SITE, T1, T2, T3, T4, T5, T6) VALUES ('E01', ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < 60; i++) { for (int k = 1; k <= 6; k++) ps.setTimestamp(k, Timestamp.from(Instant.now().plusSeconds(i * 100 + k))); ps.executeUpdate(); }
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String page = "SELECT * FROM T WHERE SITE = ? ORDER BY T1 DESC, ID DESC OFFSET 0 ROWS FETCH NEXT 50 ROWS ONLY";
        String count = "SELECT COUNT(*) FROM T WHERE SITE = ?";
        int n = 4000;
        for (int round = 0; round < 4; round++) {
            for (String variant : new String[] {"new-calendar", "thread-calendar", "count+page", "page-only"}) {
                long t0 = mx.getCurrentThreadCpuTime(); long sink = 0;
                for (int i = 0; i < n; i++) {
                    try (Connection c = ds.getConnection()) {
                        if (variant.equals("count+page")) try (PreparedStatement ps = c.prepareStatement(count)) { ps.setString(1, "E01"); try (ResultSet rs = ps.executeQuery()) { rs.next(); sink += rs.getLong(1); } }
                        try (PreparedStatement ps = c.prepareStatement(page)) {
                            ps.setString(1, "E01");
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) for (String col : new String[] {"T1", "T2", "T3", "T4", "T5", "T6"}) {
                                    Calendar cal = variant.equals("new-calendar") ? Calendar.getInstance(TimeZone.getTimeZone("UTC")) : TL.get();
                                    sink += rs.getTimestamp(col, cal).getTime();
                                }
                            }
                        }
                    }
                }
                long us = (mx.getCurrentThreadCpuTime() - t0) / 1000 / n;
                if (round > 0) System.out.println("round " + round + " " + variant + ": " + us + " µs CPU per page (" + (sink % 7) + ")");
            }
        }
    }
}
