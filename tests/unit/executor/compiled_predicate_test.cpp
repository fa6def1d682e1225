// CompiledPredicate and SelectRows: which filter quals compile, what the compiled
// comparisons select (NULLs, NaN, infinities, mixed widths, parameters), when a batch goes
// to the general path, and that a residual conjunct runs only for the rows kept before it.
#include "executor/expr/compiled_predicate.hpp"

#include <memory>
#include <optional>
#include <vector>

#include <catch2/catch.hpp>

#include "../storage/temp_directory.hpp"
#include "common/sqlstate.hpp"
#include "executor/expr/evaluator.hpp"
#include "granary/error.hpp"
#include "storage/buffer/buffer_pool.hpp"
#include "storage/env/env.hpp"
#include "storage/txn/transaction_manager.hpp"
#include "types/datetime.hpp"
#include "types/numeric.hpp"

using granary::executor::Batch;
using granary::executor::CompiledPredicate;
using granary::executor::DeferredError;
using granary::executor::ExecContext;
using granary::executor::SelectRows;
using granary::planner::BoundExpr;
using granary::planner::BoundExprPtr;
using granary::planner::BoundKind;
using granary::planner::ComparisonKind;
using granary::types::Numeric;
using granary::types::Type;
using granary::types::TypeId;
using granary::types::Value;

namespace {

// Storage and transactions, which an ExecContext refers to (the filters read neither).
struct Fixture {
  granary::storage::testing::TempDirectory directory;
  granary::storage::StorageManager storage{granary::storage::DefaultEnv(), directory.path()};
  bool files_ready = CreateFiles();
  granary::storage::BufferPool pool{storage, 8};
  granary::storage::TransactionManager transactions{pool, granary::storage::kFirstNormalXid};
  std::vector<Value> params;

  bool CreateFiles() {
    granary::storage::DefaultEnv().CreateDirectory(directory.path() + "/base");
    storage.Create(granary::storage::kCommitLogRelFile);
    return true;
  }
  ExecContext Context() {
    return ExecContext{.pool = pool,
                       .transactions = transactions,
                       .snapshot = transactions.TakeSnapshot(granary::storage::kFirstNormalXid, 0),
                       .params = params,
                       .recheck = {},
                       .temp_files = {}};
  }
  std::vector<uint32_t> Select(const BoundExpr& predicate, const Batch& batch) {
    ExecContext context = Context();
    std::vector<uint32_t> kept;
    SelectRows(predicate, batch, context, kept, nullptr);
    return kept;
  }
};

BoundExprPtr Column(size_t index, TypeId type) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kColumn;
  expr->index = index;
  expr->type = Type{type};
  return expr;
}

BoundExprPtr Constant(Value value, TypeId type) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kConstant;
  expr->constant = std::move(value);
  expr->type = Type{type};
  return expr;
}

BoundExprPtr Param(size_t index, TypeId type) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kParam;
  expr->index = index;
  expr->type = Type{type};
  return expr;
}

BoundExprPtr CastOf(BoundExprPtr arg, TypeId type) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kCast;
  expr->type = Type{type};
  expr->args.push_back(std::move(arg));
  return expr;
}

// A comparison as the finishing pass marks it (planner/finalize/typed_comparisons.hpp).
BoundExprPtr Compare(ComparisonKind kind, BoundExprPtr left, BoundExprPtr right) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kCall;
  expr->type = Type{TypeId::kBool};
  expr->comparison = kind;
  expr->name = "<";
  expr->args.push_back(std::move(left));
  expr->args.push_back(std::move(right));
  return expr;
}

BoundExprPtr And(std::vector<BoundExprPtr> args) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kAnd;
  expr->type = Type{TypeId::kBool};
  expr->args = std::move(args);
  return expr;
}

// A boolean call that raises 22012 when its argument is zero and is true otherwise (a
// stand-in for `10 / x > 1`).
Value FailOnZero(std::span<const Value> args) {
  if (args[0].AsInt() == 0) throw granary::Error(granary::sqlstate::kDivisionByZero, "division by zero");
  return Value::Bool(true);
}
BoundExprPtr FailsOnZero(BoundExprPtr arg) {
  auto expr = std::make_unique<BoundExpr>();
  expr->kind = BoundKind::kCall;
  expr->type = Type{TypeId::kBool};
  expr->name = "fails_on_zero";
  expr->function = &FailOnZero;
  expr->args.push_back(std::move(arg));
  return expr;
}

Batch OneColumn(std::vector<Value> values) {
  Batch batch;
  batch.row_count = values.size();
  batch.columns.push_back(std::move(values));
  return batch;
}

template <typename... Args>
std::vector<BoundExprPtr> List(Args&&... args) {
  std::vector<BoundExprPtr> list;
  (list.push_back(std::forward<Args>(args)), ...);
  return list;
}

}  // namespace

TEST_CASE("the leading column comparisons compile, the rest stays a residual", "[executor][compiled_predicate]") {
  const BoundExprPtr qual = And(List(Compare(ComparisonKind::kGreater, Column(0, TypeId::kInt4), Constant(Value::Int4(0), TypeId::kInt4)),
                                     And(List(Compare(ComparisonKind::kLess, Column(0, TypeId::kInt4), Constant(Value::Int4(9), TypeId::kInt4)),
                                              FailsOnZero(Column(0, TypeId::kInt4)))),
                                     Compare(ComparisonKind::kLess, Column(0, TypeId::kInt4), Constant(Value::Int4(5), TypeId::kInt4))));
  const std::optional<CompiledPredicate> compiled = CompiledPredicate::Compile(*qual);
  REQUIRE(compiled);
  CHECK(compiled->compiled_count() == 2);
  CHECK(compiled->residual().size() == 2);

  // A first conjunct that does not compile leaves the qual to the tree.
  const BoundExprPtr call_first = And(List(FailsOnZero(Column(0, TypeId::kInt4)),
                                           Compare(ComparisonKind::kLess, Column(0, TypeId::kInt4), Constant(Value::Int4(9), TypeId::kInt4))));
  CHECK_FALSE(CompiledPredicate::Compile(*call_first));
  // Comparisons of two constants, or of text, do not compile.
  CHECK_FALSE(CompiledPredicate::Compile(*Compare(ComparisonKind::kLess, Constant(Value::Int4(1), TypeId::kInt4), Constant(Value::Int4(2), TypeId::kInt4))));
  CHECK_FALSE(CompiledPredicate::Compile(*Compare(ComparisonKind::kLess, Column(0, TypeId::kText), Constant(Value::Text("a"), TypeId::kText))));
}

TEST_CASE("compiled integer comparisons: NULLs, extremes and mixed widths", "[executor][compiled_predicate]") {
  Fixture fixture;
  const Batch batch = OneColumn({Value::Int4(1), Value::Null(TypeId::kInt4), Value::Int4(INT32_MAX),
                                 Value::Int4(INT32_MIN), Value::Int4(0)});
  // int4 column widened to int8 against an int8 constant past int4's range.
  const BoundExprPtr below_big = Compare(ComparisonKind::kLess, CastOf(Column(0, TypeId::kInt4), TypeId::kInt8),
                                         Constant(Value::Int8(int64_t{INT32_MAX} + 1), TypeId::kInt8));
  CHECK(fixture.Select(*below_big, batch) == std::vector<uint32_t>{0, 2, 3, 4});
  const BoundExprPtr not_zero = Compare(ComparisonKind::kNotEqual, Column(0, TypeId::kInt4), Constant(Value::Int4(0), TypeId::kInt4));
  CHECK(fixture.Select(*not_zero, batch) == std::vector<uint32_t>{0, 2, 3});
  const BoundExprPtr against_null = Compare(ComparisonKind::kLess, Column(0, TypeId::kInt4), Constant(Value::Null(TypeId::kInt4), TypeId::kInt4));
  CHECK(fixture.Select(*against_null, batch).empty());
}

TEST_CASE("compiled float comparisons order NaN above everything and -0 as 0", "[executor][compiled_predicate]") {
  Fixture fixture;
  const double nan = std::nan("");
  const double infinity = std::numeric_limits<double>::infinity();
  const Batch batch = OneColumn({Value::Float8(nan), Value::Float8(-0.0), Value::Float8(infinity),
                                 Value::Float8(-infinity), Value::Null(TypeId::kFloat8), Value::Float8(1.5)});
  auto select = [&](ComparisonKind kind, double constant) {
    return fixture.Select(*Compare(kind, Column(0, TypeId::kFloat8), Constant(Value::Float8(constant), TypeId::kFloat8)), batch);
  };
  CHECK(select(ComparisonKind::kEqual, nan) == std::vector<uint32_t>{0});
  CHECK(select(ComparisonKind::kGreater, infinity) == std::vector<uint32_t>{0});
  CHECK(select(ComparisonKind::kLess, nan) == std::vector<uint32_t>{1, 2, 3, 5});
  CHECK(select(ComparisonKind::kEqual, 0.0) == std::vector<uint32_t>{1});
  CHECK(select(ComparisonKind::kGreaterEqual, -infinity) == std::vector<uint32_t>{0, 1, 2, 3, 5});
  // float4 widened to float8.
  const Batch reals = OneColumn({Value::Float4(0.5), Value::Float4(nan), Value::Float4(2)});
  const BoundExprPtr above_one = Compare(ComparisonKind::kGreater, CastOf(Column(0, TypeId::kFloat4), TypeId::kFloat8),
                                         Constant(Value::Float8(1), TypeId::kFloat8));
  CHECK(fixture.Select(*above_one, reals) == std::vector<uint32_t>{1, 2});
}

TEST_CASE("compiled numeric comparisons go by value, NaN above Infinity", "[executor][compiled_predicate]") {
  Fixture fixture;
  const Batch batch = OneColumn({Value::OfNumeric(Numeric::Parse("1.50")), Value::OfNumeric(Numeric::NaN()),
                                 Value::OfNumeric(Numeric::Infinity(false)), Value::OfNumeric(Numeric::Infinity(true)),
                                 Value::OfNumeric(Numeric::Parse("-0.000")), Value::Null(TypeId::kNumeric)});
  auto select = [&](ComparisonKind kind, const char* constant) {
    return fixture.Select(*Compare(kind, Column(0, TypeId::kNumeric), Constant(Value::OfNumeric(Numeric::Parse(constant)), TypeId::kNumeric)),
                          batch);
  };
  CHECK(select(ComparisonKind::kEqual, "1.5") == std::vector<uint32_t>{0});
  CHECK(select(ComparisonKind::kEqual, "0") == std::vector<uint32_t>{4});
  CHECK(select(ComparisonKind::kGreater, "Infinity") == std::vector<uint32_t>{1});
  CHECK(select(ComparisonKind::kLessEqual, "1.5") == std::vector<uint32_t>{0, 3, 4});
}

TEST_CASE("dates compared as timestamps, and dates past timestamp's range go to the tree", "[executor][compiled_predicate]") {
  Fixture fixture;
  const BoundExprPtr before = Compare(ComparisonKind::kLess, CastOf(Column(0, TypeId::kDate), TypeId::kTimestamp),
                                     Constant(Value::Timestamp(granary::types::kMicrosecondsPerDay + 1), TypeId::kTimestamp));
  const Batch dates = OneColumn({Value::Date(1), Value::Date(2), Value::Date(granary::types::kDateInfinity),
                                 Value::Date(granary::types::kDateNegativeInfinity), Value::Null(TypeId::kDate)});
  CHECK(fixture.Select(*before, dates) == std::vector<uint32_t>{0, 3});

  // 300000 AD is a date but past timestamp's range: the cast raises 22008 as it would row by row.
  const Batch far = OneColumn({Value::Date(1), Value::Date(int64_t{300000} * 366)});
  ExecContext context = fixture.Context();
  std::vector<uint32_t> kept;
  CHECK(CompiledPredicate::Compile(*before)->SelectCompiled(far, context, kept) == CompiledPredicate::Outcome::kGeneral);
  DeferredError deferred;
  CHECK(SelectRows(*before, far, context, kept, &deferred) == 1);
  CHECK(kept == std::vector<uint32_t>{0});
  CHECK(deferred.held());
}

TEST_CASE("compiled comparisons with parameters", "[executor][compiled_predicate]") {
  Fixture fixture;
  const Batch batch = OneColumn({Value::Int8(5), Value::Int8(-1), Value::Null(TypeId::kInt8), Value::Int8(10)});
  const BoundExprPtr below = Compare(ComparisonKind::kLess, Column(0, TypeId::kInt8), Param(0, TypeId::kInt8));
  fixture.params = {Value::Int8(6)};
  CHECK(fixture.Select(*below, batch) == std::vector<uint32_t>{0, 1});
  fixture.params = {Value::Null(TypeId::kInt8)};
  CHECK(fixture.Select(*below, batch).empty());
  // A parameter of another type is cast by the tree (which may raise): the general path.
  fixture.params = {Value::Int4(6)};
  ExecContext context = fixture.Context();
  std::vector<uint32_t> kept;
  CHECK(CompiledPredicate::Compile(*below)->SelectCompiled(batch, context, kept) == CompiledPredicate::Outcome::kGeneral);
  CHECK(fixture.Select(*below, batch) == std::vector<uint32_t>{0, 1});
  // A parameter that was not supplied: the tree raises 42P02.
  fixture.params.clear();
  CHECK_THROWS_AS(fixture.Select(*below, batch), granary::Error);
}

TEST_CASE("a residual conjunct runs only for the rows every earlier conjunct kept", "[executor][compiled_predicate]") {
  Fixture fixture;
  // x > 0 AND fails_on_zero(y): row 1 (x NULL) and row 2 (x = -1) never reach the call.
  Batch batch;
  batch.columns.push_back({Value::Int4(1), Value::Null(TypeId::kInt4), Value::Int4(-1), Value::Int4(3)});
  batch.columns.push_back({Value::Int4(1), Value::Int4(0), Value::Int4(0), Value::Int4(2)});
  batch.row_count = 4;
  const BoundExprPtr qual = And(List(Compare(ComparisonKind::kGreater, Column(0, TypeId::kInt4), Constant(Value::Int4(0), TypeId::kInt4)),
                                     FailsOnZero(Column(1, TypeId::kInt4))));
  CHECK(fixture.Select(*qual, batch) == std::vector<uint32_t>{0, 3});

  // Row 3 (x = 3, y = 0) raises: the rows before it come out, the error is held.
  batch.columns[1][3] = Value::Int4(0);
  ExecContext context = fixture.Context();
  std::vector<uint32_t> kept;
  DeferredError deferred;
  CHECK(SelectRows(*qual, batch, context, kept, &deferred) == 3);
  CHECK(kept == std::vector<uint32_t>{0});
  CHECK(deferred.held());
  CHECK_THROWS_AS(fixture.Select(*qual, batch), granary::Error);
}
