// pgJDBC against granary serve: login (SCRAM), prepared statements past prepareThreshold
// (named server-side statements), batches, transactions, types, SQLSTATEs.
// Usage: java -cp postgresql.jar:. JdbcClient PORT USER PASSWORD; prints "ok" on success.
import java.math.BigDecimal;
import java.sql.*;

public class JdbcClient {
  static int failures = 0;

  static void check(boolean condition, String what) {
    if (!condition) {
      System.err.println("check failed: " + what);
      failures++;
    }
  }

  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/granary";
    try (Connection c = DriverManager.getConnection(url, args[1], args[2])) {
      check(c.getMetaData().getDatabaseProductVersion().equals("15.0"), "server version");
      try (Statement s = c.createStatement()) {
        s.executeUpdate("CREATE TABLE jt (id int8, v numeric(6,2), d date, ts timestamp, "
                        + "ok boolean, f float8, label varchar(10))");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jt VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < 20; i++) {
          ps.setLong(1, i);
          ps.setBigDecimal(2, new BigDecimal("1.25"));
          ps.setDate(3, Date.valueOf("2024-01-0" + (i % 9 + 1)));
          ps.setTimestamp(4, Timestamp.valueOf("2024-02-29 12:00:00.5"));
          ps.setBoolean(5, i % 2 == 0);
          ps.setDouble(6, i / 4.0);
          ps.setString(7, "row" + i);
          ps.addBatch();
        }
        check(ps.executeBatch().length == 20, "batch counts");
      }
      c.rollback();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM jt")) {
        rs.next();
        check(rs.getLong(1) == 0, "rollback undoes the batch");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jt (id, v, label) VALUES (?, ?, ?)")) {
        for (int i = 0; i < 10; i++) {  // past prepareThreshold (5): a named statement
          ps.setLong(1, i);
          ps.setBigDecimal(2, new BigDecimal(i).add(new BigDecimal("0.5")));
          ps.setString(3, "n" + i);
          check(ps.executeUpdate() == 1, "insert count");
        }
      }
      c.commit();
      try (PreparedStatement ps = c.prepareStatement("SELECT id, v, label FROM jt WHERE id >= ? ORDER BY id")) {
        for (int round = 0; round < 8; round++) {
          ps.setLong(1, 8);
          try (ResultSet rs = ps.executeQuery()) {
            check(rs.next() && rs.getLong(1) == 8 && rs.getBigDecimal(2).equals(new BigDecimal("8.50")),
                  "row 8");
            check(rs.next() && rs.getString(3).equals("n9"), "row 9");
            check(!rs.next(), "two rows");
          }
        }
      }
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT nosuch FROM jt");
        check(false, "error expected");
      } catch (SQLException e) {
        check("42703".equals(e.getSQLState()), "undefined column SQLSTATE");
      }
      c.rollback();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT sum(v) FROM jt")) {
        rs.next();
        check(rs.getBigDecimal(1).equals(new BigDecimal("50.00")), "sum after commit");
      }
      c.commit();
      // Arrays: setArray sends them with their array type's OID, getArray reads them back.
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE jarrays (id int PRIMARY KEY, nums int[], tags text[])");
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jarrays VALUES (?, ?, ?)")) {
        ps.setInt(1, 1);
        ps.setArray(2, c.createArrayOf("integer", new Integer[] {3, null, 5}));
        ps.setArray(3, c.createArrayOf("text", new String[] {"a b", "{x}", null}));
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT nums, tags, nums[3] FROM jarrays WHERE id = ANY(?)")) {
        ps.setArray(1, c.createArrayOf("integer", new Integer[] {1, 2}));
        try (ResultSet rs = ps.executeQuery()) {
          check(rs.next(), "array row");
          Object[] nums = (Object[]) rs.getArray(1).getArray();
          check(nums.length == 3 && Integer.valueOf(3).equals(nums[0]) && nums[1] == null
                && Integer.valueOf(5).equals(nums[2]), "int[] read back");
          Object[] tags = (Object[]) rs.getArray(2).getArray();
          check(tags.length == 3 && "a b".equals(tags[0]) && "{x}".equals(tags[1]) && tags[2] == null,
                "text[] read back");
          check(rs.getInt(3) == 5, "subscript");
        }
      }
      c.commit();
      // setFetchSize with autocommit off: pgJDBC executes the portal with a row limit of 7 and
      // sends Execute again after each PortalSuspended; then a SQL cursor read in pages.
      try (Statement s = c.createStatement()) {
        s.executeUpdate("CREATE TABLE jpaged (id int8)");
        s.executeUpdate("INSERT INTO jpaged SELECT generate_series(1, 100)");
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM jpaged ORDER BY id")) {
        ps.setFetchSize(7);
        try (ResultSet rs = ps.executeQuery()) {
          long expected = 1;
          while (rs.next()) check(rs.getLong(1) == expected++, "paged row " + (expected - 1));
          check(expected == 101, "paged rows: " + (expected - 1));
        }
      }
      // The portal streams: over 10^8 rows (far too many to materialise within the
      // statement_timeout) the first pages arrive at once, and closing the ResultSet closes
      // the portal (pg_cursors lists it while it is open).
      try (Statement s = c.createStatement()) {
        s.execute("SET statement_timeout = '5s'");
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT g FROM generate_series(1, 100000000) g")) {
        ps.setFetchSize(1000);
        try (ResultSet rs = ps.executeQuery()) {
          long n = 0;
          while (n < 2500 && rs.next()) check(rs.getLong(1) == ++n, "streamed row " + n);
          check(n == 2500, "streamed rows: " + n);
          try (Statement s = c.createStatement();
               ResultSet open = s.executeQuery("SELECT count(*) FROM pg_cursors")) {
            check(open.next() && open.getLong(1) == 1, "the open portal in pg_cursors");
          }
        }
      }
      try (Statement s = c.createStatement();
           ResultSet open = s.executeQuery("SELECT count(*) FROM pg_cursors")) {
        check(open.next() && open.getLong(1) == 0, "the portal closed with its ResultSet");
      }
      try (Statement s = c.createStatement()) {
        s.execute("RESET statement_timeout");
      }
      c.commit();
      try (Statement s = c.createStatement()) {
        s.execute("DECLARE jc SCROLL CURSOR FOR SELECT id FROM jpaged ORDER BY id");
        long sum = 0;
        int pages = 0;
        for (;;) {
          try (ResultSet rs = s.executeQuery("FETCH 30 FROM jc")) {
            int rows = 0;
            while (rs.next()) {
              sum += rs.getLong(1);
              rows++;
            }
            if (rows == 0) break;
            pages++;
          }
        }
        check(pages == 4 && sum == 5050, "FETCH pages " + pages + " sum " + sum);
        try (ResultSet rs = s.executeQuery("FETCH ABSOLUTE 42 FROM jc")) {
          check(rs.next() && rs.getLong(1) == 42, "FETCH ABSOLUTE");
        }
        s.execute("CLOSE jc");
      }
      // character(n): padded values typed CHAR; parameters (sent as varchar) compare as bpchar.
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE jchars (code char(5) PRIMARY KEY, n int)");
        s.execute("INSERT INTO jchars VALUES ('ab', 1), ('abc  ', 2)");
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT code, n FROM jchars WHERE code = ?")) {
        for (int round = 0; round < 6; round++) {  // past prepareThreshold: binary results
          ps.setString(1, round % 2 == 0 ? "ab" : "ab   ");
          try (ResultSet rs = ps.executeQuery()) {
            check(rs.next() && "ab   ".equals(rs.getString(1)) && rs.getInt(2) == 1, "char(5) row");
            check(rs.getMetaData().getColumnType(1) == java.sql.Types.CHAR, "char(5) is CHAR");
            check(rs.getMetaData().getColumnTypeName(1).equals("bpchar"), "char(5) type name");
            check(rs.getMetaData().getPrecision(1) == 5, "char(5) precision");
            check(!rs.next(), "one char row");
          }
        }
      }
      c.commit();
      // time and timetz typed by oid (time is TIME); getTime and setTime, in text
      // and (past prepareThreshold) binary results.
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE jtimes (id int PRIMARY KEY, t time, tz timetz)");
        s.execute("INSERT INTO jtimes VALUES (1, '13:45:07', '13:45:07+02')");
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT t, tz, t < ? FROM jtimes WHERE id = 1")) {
        for (int round = 0; round < 6; round++) {
          ps.setTime(1, Time.valueOf("14:00:00"));
          try (ResultSet rs = ps.executeQuery()) {
            check(rs.next() && "13:45:07".equals(rs.getTime(1).toString()), "getTime of a time column");
            check(rs.getMetaData().getColumnType(1) == java.sql.Types.TIME, "time is TIME");
            check(rs.getMetaData().getColumnTypeName(1).equals("time"), "time type name");
            check(rs.getMetaData().getColumnTypeName(2).equals("timetz"), "timetz type name");
            check(rs.getBoolean(3), "time parameter compares");
          }
        }
      }
      c.commit();
    }
    if (failures > 0) {
      System.err.println(failures + " checks failed");
      System.exit(1);
    }
    System.out.println("ok");
  }
}
