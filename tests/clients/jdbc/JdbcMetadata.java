// pgJDBC's DatabaseMetaData against granary serve: getTables (tables, views, indexes, system
// tables) and getColumns over pg_catalog. getSchemas, getPrimaryKeys and getIndexInfo need
// arrays, which Granary does not have yet.
// Usage: java -cp postgresql.jar:. JdbcMetadata PORT USER PASSWORD; prints "ok" on success.
import java.sql.*;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

      List<String> tables = column(md.getTables(null, "public", "md_%", new String[] {"TABLE"}), "TABLE_NAME");
      check(tables.equals(Arrays.asList("md_lines", "md_orders")), "getTables TABLE: " + tables);
      List<String> views = column(md.getTables(null, "public", "md_%", new String[] {"VIEW"}), "TABLE_NAME");
      check(views.equals(Arrays.asList("md_big")), "getTables VIEW: " + views);
      List<String> indexes = column(md.getTables(null, "public", "md_%", new String[] {"INDEX"}), "TABLE_NAME");
      check(indexes.equals(Arrays.asList("md_lines_pkey", "md_orders_customer", "md_orders_pkey")),
            "getTables INDEX: " + indexes);
      try (ResultSet rs = md.getTables(null, null, "md_orders", null)) {
        check(rs.next() && rs.getString("TABLE_SCHEM").equals("public")
              && rs.getString("TABLE_TYPE").equals("TABLE") && rs.getString("REMARKS") == null,
              "getTables row");
        check(!rs.next(), "getTables one row");
      }
      List<String> system = column(md.getTables(null, "pg_catalog", "pg_class", null), "TABLE_TYPE");
      check(system.equals(Arrays.asList("SYSTEM TABLE")), "getTables pg_class: " + system);
      check(column(md.getTables(null, "public", "md_gone", null), "TABLE_NAME").isEmpty(), "no such table");

      try (ResultSet rs = md.getColumns(null, "public", "md_orders", "%")) {
        String[][] expected = {
            {"id", "-5", "int8", "19", "0", "NO"},
            {"customer", "12", "varchar", "40", "0", "NO"},
            {"total", "2", "numeric", "10", "1", "YES"},
            {"note", "12", "text", "2147483647", "1", "YES"}};
        for (int i = 0; i < expected.length; i++) {
          check(rs.next(), "getColumns row " + i);
          String[] e = expected[i];
          check(rs.getString("COLUMN_NAME").equals(e[0]), "column name " + rs.getString("COLUMN_NAME"));
          check(rs.getString("TABLE_NAME").equals("md_orders"), e[0] + " TABLE_NAME");
          check(rs.getInt("DATA_TYPE") == Integer.parseInt(e[1]), e[0] + " DATA_TYPE " + rs.getInt("DATA_TYPE"));
          check(rs.getString("TYPE_NAME").equals(e[2]), e[0] + " TYPE_NAME " + rs.getString("TYPE_NAME"));
          check(rs.getInt("COLUMN_SIZE") == Integer.parseInt(e[3]), e[0] + " COLUMN_SIZE " + rs.getInt("COLUMN_SIZE"));
          check(rs.getInt("NULLABLE") == Integer.parseInt(e[4]), e[0] + " NULLABLE " + rs.getInt("NULLABLE"));
          check(rs.getString("IS_NULLABLE").equals(e[5]), e[0] + " IS_NULLABLE " + rs.getString("IS_NULLABLE"));
          check(rs.getInt("ORDINAL_POSITION") == i + 1, e[0] + " ORDINAL_POSITION");
        }
        check(!rs.next(), "getColumns: four columns");
      }
      try (ResultSet rs = md.getColumns(null, "public", "md_orders", "total")) {
        check(rs.next() && rs.getInt("DECIMAL_DIGITS") == 2 && rs.getString("COLUMN_DEF") != null,
              "getColumns total: scale and default");
        check(!rs.next(), "getColumns one column");
      }
    }
    if (failures > 0) System.exit(1);
    System.out.println("ok");
  }
}
