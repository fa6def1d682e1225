// System views and catalog functions over the catalog's own tables: index definitions taken
// apart, rows that follow the snapshot, function results.
#include <catch2/catch.hpp>

#include "catalog/catalog_functions.hpp"
#include "catalog/system_view_rows.hpp"
#include "catalog/system_views.hpp"

namespace views = granary::catalog::views;
using granary::catalog::SystemView;

TEST_CASE("index definitions give pg_index's keys, expressions and predicate", "[catalog][views]") {
  const std::map<int64_t, std::string> columns = {{1, "a"}, {2, "b c"}, {3, "d"}};
  views::IndexKeys keys = views::ParseIndexDefinition(
      "CREATE UNIQUE INDEX i ON public.t USING btree (d DESC NULLS LAST, \"b c\", (a + 1))", columns);
  CHECK(keys.columns == std::vector<int64_t>{3, 2, 0});
  CHECK(keys.expressions == std::vector<std::string>{"(a + 1)"});
  CHECK(keys.predicate.empty());
  CHECK(views::VectorText(keys.columns) == "3 2 0");
  CHECK(views::ArrayText(keys.columns) == "{3,2,0}");

  keys = views::ParseIndexDefinition("CREATE INDEX p ON public.t USING btree (a) WHERE (d > 0)", columns);
  CHECK(keys.columns == std::vector<int64_t>{1});
  CHECK(keys.predicate == "(d > 0)");
}

TEST_CASE("system views are found in pg_catalog and information_schema", "[catalog][views]") {
  CHECK(granary::catalog::FindSystemView("", "pg_class") == SystemView::kClass);
  CHECK(granary::catalog::FindSystemView("pg_catalog", "pg_stat_activity") == SystemView::kStatActivity);
  CHECK(granary::catalog::FindSystemView("information_schema", "columns") == SystemView::kColumns);
  CHECK_FALSE(granary::catalog::FindSystemView("", "columns"));
  CHECK_FALSE(granary::catalog::FindSystemView("public", "pg_class"));
  const auto& schema = granary::catalog::SystemViewSchema(SystemView::kClass);
  CHECK(schema.ColumnIndex("relkind").has_value());
  CHECK(schema.schema_name == "pg_catalog");
}

TEST_CASE("catalog functions resolve by name", "[catalog][views]") {
  CHECK(granary::catalog::FindCatalogFunctions("pg_get_indexdef").size() == 2);
  CHECK(granary::catalog::FindCatalogFunctions("current_user").size() == 1);
  CHECK(granary::catalog::FindCatalogFunctions("regclassin").empty());
  const auto* signature = granary::catalog::FindCatalogFunctions("format_type").front();
  CHECK_FALSE(signature->strict);
  CHECK(granary::catalog::CatalogFunctionOf(signature) == granary::catalog::CatalogFunction::kFormatType);
}
