// Operator — one node of a running plan. Operators pull batches from their children
// (Volcano-style iteration over batches rather than rows).
//
// Life cycle: constructed by the executor factory from a PlanNode, Next() called until it
// returns false, then destroyed. Errors are thrown and unwind through the tree; every
// resource an operator holds is released by its destructor.
#pragma once

#include <memory>

#include "executor/batch.hpp"
#include "executor/exec_context.hpp"
#include "planner/plan.hpp"

namespace granary::executor {

class Operator {
 public:
  Operator(const planner::PlanNode& plan, ExecContext& context) : plan_(plan), context_(context) {}
  virtual ~Operator() = default;
  Operator(const Operator&) = delete;
  Operator& operator=(const Operator&) = delete;

  // Fills `out` (reset by the operator) with the next non-empty batch; false when done.
  virtual bool Next(Batch& out) = 0;
  // A promise, made before the first Next, that the parent will pull at most `rows` rows
  // (PostgreSQL's ExecSetTupleBound: LIMIT tells its Sort, which then keeps only the top
  // rows). Operators that cannot use it ignore it.
  virtual void SetRowBound(size_t rows) { (void)rows; }
  // A hint, made before the first Next, that the parent will probably pull only about `rows`
  // rows (a LIMIT above, passed down through the operators that stream their input: Project,
  // Filter, LockRows and the outer side of the joins). Unlike SetRowBound it is no promise:
  // the parent may pull on, so an operator may use it only to size its batches (RowHint:
  // small first batches, growing while the parent keeps pulling), never to end early.
  // Operators that cannot use it ignore it.
  virtual void SetRowHint(size_t rows) { (void)rows; }
  // Asked once by an OFFSET above, before the first Next and before SetRowBound/SetRowHint
  // (which then count only the rows after them): leave out your first `rows` rows.
  // An operator that can count rows without computing their values (an index scan without a
  // filter; a projection that cannot fail, passing it on) accepts and returns true; then the
  // rows it returns begin after those. False: nothing changes, the parent skips them itself.
  virtual bool SkipRows(size_t rows) {
    (void)rows;
    return false;
  }
  // Starts the operator over, as if newly built, for the next left row of a lateral join whose
  // values its context's outer values now hold (PostgreSQL's ExecReScan). An operator that
  // can restart without rebuilding its state (an index scan: its heap and index handles, its
  // decoder) does so and returns true; false: nothing changes, the caller builds a new one.
  virtual bool Rescan() { return false; }

 protected:
  size_t width() const { return plan_.output_types.size(); }

  const planner::PlanNode& plan_;
  ExecContext& context_;
};

using OperatorPtr = std::unique_ptr<Operator>;

// Builds the operator tree for `plan` (executor_factory.cpp: the one switch over plan kinds).
OperatorPtr BuildOperator(const planner::PlanNode& plan, ExecContext& context);

}  // namespace granary::executor
