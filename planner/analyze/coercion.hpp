// Type coercion with PostgreSQL's implicit-cast rules, for the binders.
//
// Implicit casts (PostgreSQL's castcontext 'i'): an untyped literal to anything; up the
// numeric ladder int2 -> int4 -> int8 -> numeric -> float8; varchar <-> text; date ->
// timestamp. Common types (for comparisons, CASE, COALESCE, IN lists) pick the higher rung of
// the ladder, text for strings, timestamp for date with timestamp, text for two literals.
#pragma once

#include <optional>
#include <string>
#include <span>
#include <string_view>

#include "planner/analyze/analyze_context.hpp"
#include "planner/bound_expr.hpp"

namespace granary::planner {

bool CanImplicitlyCast(types::TypeId from, types::TypeId to);
// PostgreSQL's assignment casts (castcontext 'a') and the implicit ones: any number to any
// number, anything to a string type, timestamp and timestamptz to date, timestamptz to
// timestamp.
bool CanAssignmentCast(types::TypeId from, types::TypeId to);
// The common type of `types`, or nullopt when they do not share one.
std::optional<types::TypeId> CommonType(std::span<const types::TypeId> ids);

// Converts `expr` to `target`. Constants are cast at once (so a bad literal raises its error
// at analysis, with the literal's position); parameters of unknown type take the target type;
// other expressions get a cast node. Raises 42846 when no cast exists at all.
BoundExprPtr Coerce(BoundExprPtr expr, types::Type target, types::CastContext context,
                    AnalyzeContext& context_info);

// Stores `expr` in `column` (INSERT, UPDATE SET, ON CONFLICT DO UPDATE SET) by assignment.
// A string-typed expression bound for a column outside the string category (text into
// integer, date, json, an enum) raises PostgreSQL's 42804 `column "a" is of type integer but
// expression is of type text`: that conversion is an explicit cast there, though Coerce
// could make it through text.
BoundExprPtr CoerceToColumn(BoundExprPtr expr, const std::string& column_name, types::Type column_type,
                            AnalyzeContext& context);

// Resolves the common type of `exprs` for construct `what` ("CASE", "COALESCE", ...) and
// coerces them all; raises 42804 `<what> types integer and text cannot be matched`.
types::Type CoerceToCommonType(std::vector<BoundExprPtr>& exprs, std::string_view what,
                               AnalyzeContext& context);

struct BoundQuery;

// Types the untyped literals among a sub-select's visible outputs as text, as PostgreSQL's
// resolveTargetListUnknowns does for a query in FROM or WITH (`SELECT 'foo' AS f` gives a
// text column).
void ResolveUnknownOutputs(BoundQuery& query, AnalyzeContext& context);

}  // namespace granary::planner
