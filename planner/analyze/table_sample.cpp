// Binding TABLESAMPLE clauses (table_sample.hpp).
#include "planner/analyze/table_sample.hpp"

#include "common/sqlstate.hpp"
#include "planner/analyze/coercion.hpp"

namespace granary::planner {

std::shared_ptr<const TableSample> BindTableSample(const parser::TableSampleClause& clause, ExprBinder& binder,
                                                   AnalyzeContext& context) {
  const std::string& method = clause.method.back();
  const bool catalog_schema = clause.method.size() == 1 || (clause.method.size() == 2 && clause.method[0] == "pg_catalog");
  if (!catalog_schema || (method != "system" && method != "bernoulli")) {
    std::string name;
    for (const std::string& part : clause.method) name += (name.empty() ? "" : ".") + part;
    throw context.ErrorAt(sqlstate::kUndefinedObject, "tablesample method " + name + " does not exist",
                          clause.location);
  }
  if (clause.args.size() != 1) {
    throw context.ErrorAt(sqlstate::kInvalidTablesampleArgument,
                          "tablesample method " + method + " requires 1 argument, not " +
                              std::to_string(clause.args.size()),
                          clause.location);
  }
  auto sample = std::make_shared<TableSample>();
  sample->system = method == "system";
  sample->percent = Coerce(binder.Bind(*clause.args[0]), types::Type{types::TypeId::kFloat4, -1},
                           types::CastContext::kImplicit, context);
  if (clause.repeatable) {
    sample->seed = Coerce(binder.Bind(*clause.repeatable), types::Type{types::TypeId::kFloat8, -1},
                          types::CastContext::kImplicit, context);
  }
  return sample;
}

void RefuseTableSample(int location, AnalyzeContext& context) {
  throw context.ErrorAt(sqlstate::kFeatureNotSupported,
                        "TABLESAMPLE clause can only be applied to tables and materialized views", location);
}

}  // namespace granary::planner
