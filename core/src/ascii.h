// ASCII text helpers shared by the core's readers and the importer: trimming and casing of
// codes, modifiers, CSV cells and trigger words (never for matching titles: that goes through ICU).
#pragma once

#include <string>
#include <string_view>

namespace medcode::ascii {

inline constexpr std::string_view kBlanks = " \t";
inline constexpr std::string_view kWhitespace = " \t\r\n";

// Without the leading and trailing characters found in `chars`.
std::string_view Trim(std::string_view s, std::string_view chars = kWhitespace);
// Runs of blanks (space, tab, CR, LF) as one space, none at either end.
std::string CollapseBlanks(std::string_view s);
// a-z -> A-Z; every other byte as is.
std::string Upper(std::string_view s);
// A-Z -> a-z; every other byte as is (UTF-8 sequences are untouched).
std::string Lower(std::string_view s);
// Not empty, and 0-9 only.
bool AllDigits(std::string_view s);

}  // namespace medcode::ascii
