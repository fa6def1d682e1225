// pgJDBC's DatabaseMetaData against granary serve: getTables (tables, views, indexes, system
// tables) and getColumns over pg_catalog; getPrimaryKeys, getIndexInfo, getImportedKeys and
// getExportedKeys on a composite primary key and a foreign key (their queries read
// information_schema._pg_expandarray's records and pg_constraint). Expected values are
// PostgreSQL 15's answers to the same calls.
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
                        + "total numeric(10,2) DEFAULT 0, note text, code char(3))");
        s.executeUpdate("CREATE INDEX md_orders_customer ON md_orders (customer)");
        s.executeUpdate("CREATE TABLE md_lines (order_id int8, line int4, qty int2, PRIMARY KEY (order_id, line))");
        s.executeUpdate("CREATE VIEW md_big AS SELECT id FROM md_orders WHERE total > 100");
        s.executeUpdate("CREATE UNIQUE INDEX lines_qty_key ON md_lines (qty DESC)");
        s.executeUpdate("CREATE TABLE notes_md (id int4 PRIMARY KEY, n_order int8, n_line int4, "
                        + "FOREIGN KEY (n_order, n_line) REFERENCES md_lines ON DELETE CASCADE)");
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
            {"note", "12", "text", "2147483647", "1", "YES"},
            {"code", "1", "bpchar", "3", "1", "YES"}};
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
        check(!rs.next(), "getColumns: five columns");
      }
      try (ResultSet rs = md.getColumns(null, "public", "md_orders", "total")) {
        check(rs.next() && rs.getInt("DECIMAL_DIGITS") == 2 && rs.getString("COLUMN_DEF") != null,
              "getColumns total: scale and default");
        check(!rs.next(), "getColumns one column");
      }

      List<String> keys = new ArrayList<>();
      try (ResultSet rs = md.getPrimaryKeys(null, "public", "md_lines")) {
        while (rs.next()) {
          keys.add(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME") + " "
                   + rs.getString("COLUMN_NAME") + " " + rs.getInt("KEY_SEQ") + " " + rs.getString("PK_NAME"));
        }
      }
      check(keys.equals(Arrays.asList("public.md_lines order_id 1 md_lines_pkey",
                                      "public.md_lines line 2 md_lines_pkey")),
            "getPrimaryKeys: " + keys);

      List<String> index = new ArrayList<>();
      try (ResultSet rs = md.getIndexInfo(null, "public", "md_lines", false, false)) {
        while (rs.next()) {
          index.add(rs.getString("INDEX_NAME") + " " + rs.getBoolean("NON_UNIQUE") + " "
                    + rs.getInt("TYPE") + " " + rs.getInt("ORDINAL_POSITION") + " "
                    + rs.getString("COLUMN_NAME") + " " + rs.getString("ASC_OR_DESC") + " "
                    + rs.getString("FILTER_CONDITION"));
        }
      }
      check(index.equals(Arrays.asList("lines_qty_key false 3 1 qty D null",
                                       "md_lines_pkey false 3 1 order_id A null",
                                       "md_lines_pkey false 3 2 line A null")),
            "getIndexInfo: " + index);
      List<String> unique = column(md.getIndexInfo(null, "public", "md_orders", true, false), "COLUMN_NAME");
      check(unique.equals(Arrays.asList("id")), "getIndexInfo unique: " + unique);

      List<String> imported = new ArrayList<>();
      try (ResultSet rs = md.getImportedKeys(null, "public", "notes_md")) {
        while (rs.next()) {
          imported.add(rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME") + " "
                       + rs.getString("FKTABLE_NAME") + "." + rs.getString("FKCOLUMN_NAME") + " "
                       + rs.getInt("KEY_SEQ") + " " + rs.getInt("UPDATE_RULE") + " "
                       + rs.getInt("DELETE_RULE") + " " + rs.getString("FK_NAME") + " "
                       + rs.getString("PK_NAME") + " " + rs.getInt("DEFERRABILITY"));
        }
      }
      List<String> expectedKeys = Arrays.asList(
          "md_lines.order_id notes_md.n_order 1 3 0 notes_md_n_order_n_line_fkey md_lines_pkey 7",
          "md_lines.line notes_md.n_line 2 3 0 notes_md_n_order_n_line_fkey md_lines_pkey 7");
      check(imported.equals(expectedKeys), "getImportedKeys: " + imported);
      List<String> exported = column(md.getExportedKeys(null, "public", "md_lines"), "FKCOLUMN_NAME");
      check(exported.equals(Arrays.asList("n_order", "n_line")), "getExportedKeys: " + exported);
    }
    if (failures > 0) System.exit(1);
    System.out.println("ok");
  }
}
