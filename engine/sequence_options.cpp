// ResolveSequenceOptions: PostgreSQL's init_params (see sequence_options.hpp).
#include "engine/sequence_options.hpp"

#include <charconv>
#include <set>

#include "common/sqlstate.hpp"
#include "planner/analyze/expr_binder.hpp"

namespace granary {
namespace {

int64_t TypeMax(uint8_t bytes) {
  return bytes == 2 ? INT16_MAX : bytes == 4 ? INT32_MAX : INT64_MAX;
}
int64_t TypeMin(uint8_t bytes) {
  return bytes == 2 ? INT16_MIN : bytes == 4 ? INT32_MIN : INT64_MIN;
}

// A NumericOnly argument as bigint (PostgreSQL's defGetInt64, which runs int8in).
int64_t ParseInt64(const parser::SequenceOption& option) {
  const std::string& text = option.value;
  int64_t value = 0;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  const auto [ptr, error] = std::from_chars(begin, end, value);
  if (error == std::errc::result_out_of_range) {
    throw Error(sqlstate::kNumericValueOutOfRange,
                "value \"" + text + "\" is out of range for type bigint");
  }
  if (error != std::errc() || ptr != end) {
    throw Error(sqlstate::kInvalidTextRepresentation,
                "invalid input syntax for type bigint: \"" + text + "\"");
  }
  return value;
}

uint8_t TypeBytes(types::TypeId id) {
  switch (id) {
    case types::TypeId::kInt2: return 2;
    case types::TypeId::kInt4: return 4;
    case types::TypeId::kInt8: return 8;
    default:
      throw Error(sqlstate::kInvalidParameterValue,
                  "sequence type must be smallint, integer, or bigint");
  }
}

}  // namespace

std::string SequenceTypeName(uint8_t type_bytes) {
  return type_bytes == 2 ? "smallint" : type_bytes == 4 ? "integer" : "bigint";
}

SequenceDefinition ResolveSequenceOptions(const std::vector<parser::SequenceOption>& list,
                                          const std::optional<storage::SequenceOptions>& existing,
                                          std::optional<int64_t> last_value,
                                          std::optional<types::TypeId> column_type,
                                          const planner::AnalyzeContext& context) {
  const bool is_init = !existing.has_value();
  const parser::SequenceOption* as_type = nullptr;
  const parser::SequenceOption* start = nullptr;
  const parser::SequenceOption* restart = nullptr;
  const parser::SequenceOption* increment = nullptr;
  const parser::SequenceOption* max_value = nullptr;
  const parser::SequenceOption* min_value = nullptr;
  const parser::SequenceOption* cache = nullptr;
  const parser::SequenceOption* cycle = nullptr;
  SequenceDefinition definition;
  std::set<std::string> seen;
  for (const parser::SequenceOption& option : list) {
    if (!seen.insert(option.name).second) {
      throw context.ErrorAt(sqlstate::kSyntaxError, "conflicting or redundant options",
                            option.location);
    }
    if (option.name == "as") as_type = &option;
    else if (option.name == "start") start = &option;
    else if (option.name == "restart") restart = &option;
    else if (option.name == "increment") increment = &option;
    else if (option.name == "maxvalue") max_value = &option;
    else if (option.name == "minvalue") min_value = &option;
    else if (option.name == "cache") cache = &option;
    else if (option.name == "cycle") cycle = &option;
    else if (option.name == "owned_by") definition.owned_by = option.names;
    else if (option.name == "sequence_name") definition.sequence_name = option.names;
    else if (option.name == "generated") definition.generated_always = option.flag;
  }
  storage::SequenceOptions options = existing.value_or(storage::SequenceOptions{});
  bool reset_max = false;
  bool reset_min = false;
  if (as_type != nullptr) {
    const uint8_t bytes = TypeBytes(planner::ResolveTypeName(as_type->type, context).id);
    if (!is_init) {
      reset_max = options.max_value == TypeMax(options.type_bytes);
      reset_min = options.min_value == TypeMin(options.type_bytes);
    }
    options.type_bytes = bytes;
  } else if (is_init) {
    options.type_bytes = column_type ? TypeBytes(*column_type) : 8;
  }
  if (increment != nullptr) {
    options.increment = ParseInt64(*increment);
    if (options.increment == 0) {
      throw Error(sqlstate::kInvalidParameterValue, "INCREMENT must not be zero");
    }
  } else if (is_init) {
    options.increment = 1;
  }
  if (cycle != nullptr) {
    options.cycle = cycle->flag;
  } else if (is_init) {
    options.cycle = false;
  }
  const std::string type_name = SequenceTypeName(options.type_bytes);
  if (max_value != nullptr && max_value->has_value) {
    options.max_value = ParseInt64(*max_value);
  } else if (is_init || max_value != nullptr || reset_max) {
    options.max_value = options.increment > 0 || reset_max ? TypeMax(options.type_bytes) : -1;
  }
  if (options.max_value < TypeMin(options.type_bytes) || options.max_value > TypeMax(options.type_bytes)) {
    throw Error(sqlstate::kInvalidParameterValue,
                "MAXVALUE (" + std::to_string(options.max_value) +
                    ") is out of range for sequence data type " + type_name);
  }
  if (min_value != nullptr && min_value->has_value) {
    options.min_value = ParseInt64(*min_value);
  } else if (is_init || min_value != nullptr || reset_min) {
    options.min_value = options.increment < 0 || reset_min ? TypeMin(options.type_bytes) : 1;
  }
  if (options.min_value < TypeMin(options.type_bytes) || options.min_value > TypeMax(options.type_bytes)) {
    throw Error(sqlstate::kInvalidParameterValue,
                "MINVALUE (" + std::to_string(options.min_value) +
                    ") is out of range for sequence data type " + type_name);
  }
  if (options.min_value >= options.max_value) {
    throw Error(sqlstate::kInvalidParameterValue,
                "MINVALUE (" + std::to_string(options.min_value) + ") must be less than MAXVALUE (" +
                    std::to_string(options.max_value) + ")");
  }
  if (start != nullptr) {
    options.start = ParseInt64(*start);
  } else if (is_init) {
    options.start = options.increment > 0 ? options.min_value : options.max_value;
  }
  if (options.start < options.min_value) {
    throw Error(sqlstate::kInvalidParameterValue,
                "START value (" + std::to_string(options.start) +
                    ") cannot be less than MINVALUE (" + std::to_string(options.min_value) + ")");
  }
  if (options.start > options.max_value) {
    throw Error(sqlstate::kInvalidParameterValue,
                "START value (" + std::to_string(options.start) +
                    ") cannot be greater than MAXVALUE (" + std::to_string(options.max_value) + ")");
  }
  std::optional<int64_t> current = last_value;
  if (restart != nullptr) {
    definition.restart_given = true;
    definition.restart = restart->has_value ? ParseInt64(*restart) : options.start;
    current = definition.restart;
  } else if (is_init) {
    current = options.start;
  }
  if (current && *current < options.min_value) {
    throw Error(sqlstate::kInvalidParameterValue,
                "RESTART value (" + std::to_string(*current) +
                    ") cannot be less than MINVALUE (" + std::to_string(options.min_value) + ")");
  }
  if (current && *current > options.max_value) {
    throw Error(sqlstate::kInvalidParameterValue,
                "RESTART value (" + std::to_string(*current) +
                    ") cannot be greater than MAXVALUE (" + std::to_string(options.max_value) + ")");
  }
  if (cache != nullptr) {
    options.cache = ParseInt64(*cache);
    if (options.cache <= 0) {
      throw Error(sqlstate::kInvalidParameterValue,
                  "CACHE (" + std::to_string(options.cache) + ") must be greater than zero");
    }
  } else if (is_init) {
    options.cache = 1;
  }
  definition.options = options;
  return definition;
}

}  // namespace granary
