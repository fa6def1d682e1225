// PlRoutineCaller, DO blocks and CREATE FUNCTION's check (pl_routine_caller.hpp).
#include "engine/plpgsql/pl_routine_caller.hpp"

#include "common/sqlstate.hpp"
#include "engine/plpgsql/pl_executor.hpp"
#include "engine/plpgsql/pl_function.hpp"
#include "engine/plpgsql/pl_spi.hpp"
#include "executor/exec_context.hpp"
#include "types/array.hpp"

namespace granary::plpgsql {
namespace {

constexpr int kMaxCallDepth = 200;

struct CallDepth {
  explicit CallDepth(PlFunctionCache& cache) : cache_(cache) {
    if (++cache_.depth > kMaxCallDepth) {
      --cache_.depth;
      throw Error(sqlstate::kStatementTooComplex, "stack depth limit exceeded")
          .WithHint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring "
                    "the platform's stack depth limit is adequate.");
    }
  }
  ~CallDepth() { --cache_.depth; }
  PlFunctionCache& cache_;
};

PlFunctionCache& CacheOf(Session::Impl& session) {
  if (!session.pl_functions) session.pl_functions = std::make_unique<PlFunctionCache>();
  return *session.pl_functions;
}

std::unique_ptr<PlFunction> Compile(Session::Impl& session, const catalog::FunctionSchema& schema,
                                    const storage::Snapshot& snapshot, bool inline_block = false) {
  PlSpi spi(session, snapshot, false);
  return CompileFunction(schema, schema.source, [&](const std::string& sql) { return spi.Describe(sql); },
                         inline_block);
}

}  // namespace

std::shared_ptr<PlFunction> PlRoutineCaller::Find(uint32_t function_oid, const storage::Snapshot& snapshot) {
  if (const auto found = statement_functions_.find(function_oid); found != statement_functions_.end()) {
    return found->second;
  }
  PlFunctionCache& cache = CacheOf(session_);
  const uint64_t version = session_.db.catalog_version.load(std::memory_order_acquire);
  const bool shareable = !session_.CatalogChangedInTransaction();
  if (cache.catalog_version != version) {
    cache.functions.clear();
    cache.catalog_version = version;
  }
  if (shareable) {
    if (const auto found = cache.functions.find(function_oid); found != cache.functions.end()) {
      statement_functions_[function_oid] = found->second;
      return found->second;
    }
  }
  std::optional<catalog::FunctionSchema> schema;
  for (catalog::FunctionSchema& function : session_.db.catalog->UserFunctions(snapshot)) {
    if (function.oid == function_oid) schema = std::move(function);
  }
  if (!schema) throw Error(sqlstate::kUndefinedFunction, "cache lookup failed for function " + std::to_string(function_oid));
  std::shared_ptr<PlFunction> function = Compile(session_, *schema, snapshot);
  function->catalog_version = version;
  if (shareable) cache.functions[function_oid] = function;
  statement_functions_[function_oid] = function;
  return function;
}

types::Value PlRoutineCaller::Call(uint32_t function_oid, std::vector<types::Value> args,
                                   const executor::ExecContext& caller) {
  const std::shared_ptr<PlFunction> function = Find(function_oid, caller.snapshot);
  const catalog::FunctionSchema& schema = function->schema;
  const types::Type result = function->result_type;
  const std::optional<types::TypeId> array = types::ArrayTypeOf(result.id);
  if (schema.strict) {
    for (const types::Value& arg : args) {
      if (!arg.is_null()) continue;
      if (schema.returns_set && array) return types::MakeArray(*array, std::vector<types::Value>{});
      return types::Value::Null(result.id);
    }
  }
  const CallDepth depth(CacheOf(session_));
  PlSpi spi(session_, caller.snapshot, schema.volatility == 'v');
  PlResult outcome = ExecuteFunction(*function, spi, args);
  if (!schema.returns_set) return std::move(outcome.value);
  if (!array) {
    throw Error(sqlstate::kFeatureNotSupported,
                "set-returning functions of type " + types::FormatType(result) + " are not supported");
  }
  return types::MakeArray(*array, std::move(outcome.rows));
}

Result RunDoBlock(Session::Impl& session, const parser::DoStmt& stmt, const storage::Snapshot& snapshot) {
  if (!stmt.language.empty() && stmt.language != "plpgsql") {
    if (stmt.language == "sql" || stmt.language == "c" || stmt.language == "internal") {
      throw Error(sqlstate::kFeatureNotSupported, "language \"" + stmt.language + "\" does not support inline code execution");
    }
    throw Error(sqlstate::kUndefinedObject, "language \"" + stmt.language + "\" does not exist");
  }
  catalog::FunctionSchema schema;
  schema.oid = 0;
  schema.name = "inline_code_block";
  schema.language = catalog::kPlpgsqlLanguageOid;
  schema.return_type = 2278;  // void
  schema.source = stmt.code;
  std::unique_ptr<PlFunction> function = Compile(session, schema, snapshot, /*inline_block=*/true);
  const CallDepth depth(CacheOf(session));
  PlSpi spi(session, snapshot, true);
  ExecuteFunction(*function, spi, {});
  Result result;
  result.impl().command_tag = "DO";
  return result;
}

void ValidatePlpgsqlFunction(Session::Impl& session, const catalog::FunctionSchema& function,
                             const storage::Snapshot& snapshot) {
  Compile(session, function, snapshot);
}

}  // namespace granary::plpgsql
