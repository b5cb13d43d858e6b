// The *Name functions of the public headers read their names from a table indexed by the
// enum's value: one helper instead of a switch per enum.
#pragma once

#include <cstddef>
#include <iterator>  // std::size, for the tables' static_asserts

namespace medcode {

// names[value], or `fallback` for a value past the table or a gap in it (nullptr).
template <class E, std::size_t N>
constexpr const char* EnumName(E value, const char* const (&names)[N], const char* fallback = "unknown") {
  const auto i = static_cast<std::size_t>(value);
  return i < N && names[i] ? names[i] : fallback;
}

}  // namespace medcode
