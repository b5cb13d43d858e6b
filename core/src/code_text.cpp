// Code text: NormalizeCode (what a user types -> the stored, undotted code) and DotCode
// (the stored code -> the dotted form shown for ICD-10-CM), the one copy of each.
#include "medcode/code_text.h"

namespace medcode {

std::string NormalizeCode(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  std::string out;
  int dots = 0;
  for (char c : text) {
    if (c == '.') {
      if (++dots > 1 || out.size() != 3) return {};  // "E11.9": the dot follows the category
      continue;
    }
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return {};
    out += c;
    if (out.size() > 7) return {};
  }
  if (out.size() < 3) return {};
  return out;
}

std::string DotCode(std::string_view c) {
  std::string s(c);
  if (s.size() > 3) s.insert(3, 1, '.');
  return s;
}

}  // namespace medcode
