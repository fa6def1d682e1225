#include "planner/analyze/generate_series.hpp"

#include "planner/analyze/coercion.hpp"

namespace granary::planner {

using types::Type;
using types::TypeId;

namespace {

bool IsDatetime(TypeId id) { return id == TypeId::kDate || id == TypeId::kTimestamp || id == TypeId::kTimestampTz; }

}  // namespace

std::optional<Type> GenerateSeriesType(std::span<const BoundExprPtr> args) {
  if (args.size() != 2 && args.size() != 3) return std::nullopt;
  bool all_numbers = true;
  bool numeric = false;
  bool wide = false;
  for (const BoundExprPtr& arg : args) {
    const TypeId id = arg->type.id;
    all_numbers &= IsInteger(id) || id == TypeId::kNumeric || id == TypeId::kUnknown;
    numeric |= id == TypeId::kNumeric;
    wide |= id == TypeId::kInt8;
  }
  if (all_numbers) {
    if (numeric) return Type{TypeId::kNumeric, -1};
    return Type{wide ? TypeId::kInt8 : TypeId::kInt4, -1};
  }
  const TypeId step = args.size() == 3 ? args[2]->type.id : TypeId::kUnknown;
  if (args.size() != 3 || (step != TypeId::kInterval && step != TypeId::kUnknown)) return std::nullopt;
  bool timestamp = false;
  bool timestamptz = false;
  for (size_t i = 0; i < 2; ++i) {
    const TypeId id = args[i]->type.id;
    if (id != TypeId::kUnknown && !IsDatetime(id)) return std::nullopt;
    timestamp |= id == TypeId::kTimestamp;
    timestamptz |= id == TypeId::kTimestampTz;
  }
  // timestamptz does not cast implicitly to timestamp, so a timestamptz bound leaves only
  // the timestamptz overload; a timestamp bound matches its own exactly.
  return Type{timestamp && !timestamptz ? TypeId::kTimestamp : TypeId::kTimestampTz, -1};
}

void CoerceGenerateSeriesArgs(std::vector<BoundExprPtr>& args, const Type& type, AnalyzeContext& context) {
  for (size_t i = 0; i < args.size(); ++i) {
    const bool step = i == 2 && (type.id == TypeId::kTimestamp || type.id == TypeId::kTimestampTz);
    args[i] = Coerce(std::move(args[i]), step ? Type{TypeId::kInterval, -1} : type,
                     types::CastContext::kImplicit, context);
  }
}

}  // namespace granary::planner
