// The curated lexicons' TSV format (lexicon.h).
#include "lexicon.h"

#include "medcode/format.h"
#include "medcode/text.h"
#include "util.h"

namespace medcode::import {

Result<std::vector<LexiconEntry>> ParseLexicon(const std::string& text, const std::string& name) {
  std::vector<LexiconEntry> out;
  uint32_t lineno = 0;
  for (auto line : SplitLines(text)) {
    ++lineno;
    if (Trim(line).empty() || line.front() == '#') continue;
    std::vector<std::string> f;
    size_t i = 0;
    while (i <= line.size()) {
      size_t j = line.find('\t', i);
      if (j == std::string_view::npos) j = line.size();
      f.emplace_back(Trim(line.substr(i, j - i)));
      i = j + 1;
    }
    auto where = name + " line " + std::to_string(lineno);
    if (f.size() < 3 || f[0].empty() || f[1].empty()) {
      return MakeError(ErrorCode::kCorrupt, where + ": expected source, alternatives and kind separated by tabs");
    }
    if (f[2] != "abbr" && f[2] != "lay" && f[2] != "anat" && f[2] != "index" && f[2] != "raw") {
      return MakeError(ErrorCode::kCorrupt, where + ": kind must be abbr, lay, anat, index or raw (got '" + f[2] + "')");
    }
    if (f[2] != "raw") {
      // A longer phrase would never be read (the search's window): refused, not left dead.
      size_t words = 0;
      if (auto toks = text::Tokenize(f[0])) {
        for (const auto& t : *toks) words += !text::IsStopword(t);
      }
      if (words > format::kMaxLexiconWords) {
        return MakeError(ErrorCode::kCorrupt, where + ": a phrase of " + std::to_string(words) + " words; the search reads at most " +
                                                  std::to_string(format::kMaxLexiconWords));
      }
    }
    LexiconEntry e;
    e.source = f[0];
    e.raw = f[2] == "raw";
    size_t a = 0;
    while (a <= f[1].size()) {
      size_t b = f[1].find('|', a);
      if (b == std::string::npos) b = f[1].size();
      std::string alt(Trim(std::string_view(f[1]).substr(a, b - a)));
      if (alt.empty()) return MakeError(ErrorCode::kCorrupt, where + ": empty alternative");
      e.alternatives.push_back(alt);
      a = b + 1;
    }
    if (long bad = text::FindInvalidUtf8(line); bad >= 0) {
      return MakeError(ErrorCode::kInvalidUtf8, where + ": invalid UTF-8");
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace medcode::import
