// pg_sleep, pg_sleep_for and pg_sleep_until (PostgreSQL's misc.c pg_sleep and the SQL
// functions over it in system_functions.sql): the statement's thread waits, polling the
// statement's cancel flag and statement_timeout, inside a BlockingRegion so that the worker
// pool runs other sessions meanwhile (server/README.md, "Threads").
#pragma once

#include <span>

#include "catalog/catalog_functions.hpp"
#include "executor/exec_context.hpp"
#include "types/value.hpp"

namespace granary::executor {

// Whether `function` is one of the sleep functions.
bool IsSleepFunction(catalog::CatalogFunction function);
// Sleeps as `function` asks with its non-NULL `args` and returns the void value. 57014 when
// the statement is cancelled or reaches statement_timeout meanwhile. A negative or NaN
// duration returns at once; an infinite one waits for the cancel.
types::Value Sleep(catalog::CatalogFunction function, std::span<const types::Value> args,
                   const ExecContext& context);

}  // namespace granary::executor
