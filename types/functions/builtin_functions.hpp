// Built-in scalar functions: one declarative table of signatures and implementations
// (PostgreSQL's pg_proc plus utils/adt), consulted by the analyzer to resolve calls and by the
// executor to run them.
//
// Implementations receive non-NULL arguments already coerced to the signature's types when
// the function is strict (NULL in, NULL out is handled by the caller); non-strict functions
// see NULLs themselves.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "types/value.hpp"

namespace granary::types {

using ScalarFunction = Value (*)(std::span<const Value> args);

struct FunctionSignature {
  std::string_view name;
  std::vector<TypeId> arguments;
  TypeId result;
  ScalarFunction implementation;
  bool strict = true;
};

// Every overload registered under `name` (lower case); empty if none.
std::vector<const FunctionSignature*> FindFunctions(std::string_view name);
// Every built-in signature, in a fixed order (pg_proc lists them).
std::vector<const FunctionSignature*> AllFunctions();

}  // namespace granary::types
