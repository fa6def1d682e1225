// pgJDBC's DatabaseMetaData against granary serve: getSchemas, getTables, getColumns,
// getPrimaryKeys and getIndexInfo over pg_catalog.
// Usage: java -cp postgresql.jar:. JdbcMetadata PORT USER PASSWORD; prints "ok" on success.
import java.sql.*;
import java.util.*;

public class JdbcMetadata {
  static int failures = 0;

  static void check(boolean condition, String what) {
    if (!condition) {
      System.err.println("check failed: " + what);
      failures++;
    }
  }

  static List<String> column(ResultSet rs, String name) throws SQLException {
    List<String> values = new ArrayList<>();
    while (rs.next()) values.add(rs.getString(name));
    rs.close();
    return values;
  }

  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/granary";
    try (Connection c = DriverManager.getConnection(url, args[1], args[2])) {
      try (Statement s = c.createStatement()) {
        s.executeUpdate("CREATE TABLE md_orders (id int8 PRIMARY KEY, customer varchar(40) NOT NULL, "
                        + "total numeric(10,2) DEFAULT 0, note text)");
        s.executeUpdate("CREATE INDEX md_orders_customer ON md_orders (customer)");
        s.executeUpdate("CREATE TABLE md_lines (order_id int8, line int4, qty int2, PRIMARY KEY (order_id, line))");
        s.executeUpdate("CREATE VIEW md_big AS SELECT id FROM md_orders WHERE total > 100");
      }
      DatabaseMetaData md = c.getMetaData();

      List<String> schemas = column(md.getSchemas(), "TABLE_SCHEM");
      check(schemas.contains("public") && schemas.contains("pg_catalog"), "getSchemas: " + schemas);

      List<String> tables = column(md.getTables(null, "public", "md_%", new String[] {"TABLE"}), "TABLE_NAME");
      check(tables.equals(Arrays.asList("md_lines", "md_orders")), "getTables TABLE: " + tables);
      List<String> views = column(md.getTables(null, "public", "md_%", new String[] {"VIEW"}), "TABLE_NAME");
      check(views.equals(Arrays.asList("md_big")), "getTables VIEW: " + views);
      try (ResultSet rs = md.getTables(null, null, "md_orders", null)) {
        check(rs.next() && rs.getString("TABLE_SCHEM").equals("public")
              && rs.getString("TABLE_TYPE").equals("TABLE"), "getTables row");
        check(!rs.next(), "getTables one row");
      }

      try (ResultSet rs = md.getColumns(null, "public", "md_orders", "%")) {
        String[][] expected = {
            {"id", "-5", "int8", "19", "0", "NO", null},
            {"customer", "12", "varchar", "40", "1", "NO", null},
            {"total", "2", "numeric", "10", "1", "YES", "0"},
            {"note", "12", "text", "2147483647", "1", "YES", null}};
        for (int i = 0; i < expected.length; i++) {
          check(rs.next(), "getColumns row " + i);
          String[] e = expected[i];
          check(rs.getString("COLUMN_NAME").equals(e[0]), "column name " + rs.getString("COLUMN_NAME"));
          check(rs.getInt("DATA_TYPE") == Integer.parseInt(e[1]), e[0] + " DATA_TYPE " + rs.getInt("DATA_TYPE"));
          check(rs.getString("TYPE_NAME").equals(e[2]), e[0] + " TYPE_NAME " + rs.getString("TYPE_NAME"));
          check(rs.getInt("COLUMN_SIZE") == Integer.parseInt(e[3]), e[0] + " COLUMN_SIZE " + rs.getInt("COLUMN_SIZE"));
          check(rs.getInt("NULLABLE") == Integer.parseInt(e[4]), e[0] + " NULLABLE " + rs.getInt("NULLABLE"));
          check(rs.getString("IS_NULLABLE").equals(e[5]), e[0] + " IS_NULLABLE");
          check(Objects.equals(rs.getString("COLUMN_DEF"), e[6]), e[0] + " COLUMN_DEF " + rs.getString("COLUMN_DEF"));
          check(rs.getInt("ORDINAL_POSITION") == i + 1, e[0] + " ORDINAL_POSITION");
        }
        check(!rs.next(), "getColumns: four columns");
      }

      try (ResultSet rs = md.getPrimaryKeys(null, "public", "md_lines")) {
        check(rs.next() && rs.getString("COLUMN_NAME").equals("order_id") && rs.getInt("KEY_SEQ") == 1
              && rs.getString("PK_NAME").equals("md_lines_pkey"), "primary key column 1");
        check(rs.next() && rs.getString("COLUMN_NAME").equals("line") && rs.getInt("KEY_SEQ") == 2,
              "primary key column 2");
        check(!rs.next(), "two key columns");
      }

      try (ResultSet rs = md.getIndexInfo(null, "public", "md_orders", false, false)) {
        Map<String, String> indexes = new TreeMap<>();
        while (rs.next()) {
          indexes.put(rs.getString("INDEX_NAME"), rs.getBoolean("NON_UNIQUE") + ":" + rs.getString("COLUMN_NAME"));
        }
        check(indexes.equals(Map.of("md_orders_pkey", "false:id", "md_orders_customer", "true:customer")),
              "getIndexInfo: " + indexes);
      }
    }
    if (failures > 0) System.exit(1);
    System.out.println("ok");
  }
}
