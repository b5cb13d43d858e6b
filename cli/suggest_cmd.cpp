// suggest_cmd.cpp owns `coder suggest`: it reads a note from a file or stdin (or one note
// per line with --batch), calls the core's Suggester and prints a readable report, JSON,
// or one line of tab-separated codes per input line. The note's text never appears in an
// error message.
//
//   coder suggest [--json] [--setting outpatient|inpatient] [--date YYYY-MM-DD] FILE|-
//   coder suggest --batch [--setting S]        one text per stdin line -> codes, tab-separated
//   coder suggest --batch --ndjson             one {"text", "setting"} object per line (notes with
//                                              line breaks) -> the same one line of codes each
//   coder suggest --batch [--ndjson] --json    -> each answer as one line of JSON
#include "suggest_cmd.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "medcode/suggest.h"
#include "medcode/years.h"

namespace medcode::cli {
namespace {

// Search answers a batch keeps across its notes (Suggester::KeepSearches): the 1,333 dev
// lines ask ~9,000 questions, ~7,000 of them different; a few MB of answers.
constexpr size_t kBatchSearches = 16384;

int SuggestUsage(FILE* f) {
  std::fputs(
      "usage: coder suggest [--json] [--setting outpatient|inpatient] [--date YYYY-MM-DD] FILE|-\n"
      "       coder suggest --batch [--setting outpatient|inpatient]   (one text per stdin line)\n"
      "       coder suggest --batch --ndjson   (one {\"text\": ..., \"setting\": ...} object per stdin line)\n"
      "       coder suggest --batch [--ndjson] --json   (each answer as one line of JSON)\n"
      "Codes a note: the ICD-10-CM codes to report in reporting order, with evidence and why;\n"
      "what was not coded (negated, ruled out, uncertain in the outpatient setting, ...) and why.\n",
      f);
  return f == stdout ? 0 : 2;
}

bool ValidDate(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  int m = std::stoi(d.substr(5, 2)), day = std::stoi(d.substr(8, 2));
  return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

std::string Quote(std::string_view text, TextSpan s) {
  std::string q(text.substr(s.begin, s.end - s.begin));
  for (char& c : q)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return "\"" + q + "\"";
}

void Report(std::string_view text, const SuggestResult& r) {
  std::printf("%zu code%s to report (%s setting, %s)\n", r.codes.size(), r.codes.size() == 1 ? "" : "s",
              CareSettingName(r.setting), r.codeset_label.c_str());
  if (r.codes.empty() && !r.empty_reason.empty()) std::printf("  %s\n", r.empty_reason.c_str());
  int n = 0;
  for (const CodeSuggestion& c : r.codes) {
    std::printf("%2d. %-8s %s %s\n", ++n, c.code.c_str(), c.billable ? "*" : " ", c.title.c_str());
    std::string ev;
    for (const TextSpan& s : c.evidence) ev += (ev.empty() ? "" : ", ") + Quote(text, s);
    if (!ev.empty()) std::printf("      evidence: %s%s\n", ev.c_str(), c.section.empty() ? "" : (" (" + c.section + ")").c_str());
    for (const std::string& w : c.why) std::printf("      why: %s\n", w.c_str());
    for (const RuleApplied& ru : c.rules) std::printf("      rule %s (%s): %s\n", ru.id.c_str(), ru.section.c_str(), ru.text.c_str());
    if (!c.alternatives.empty()) {
      std::printf("      alternatives:");
      for (const Alternative& a : c.alternatives) std::printf(" %s (%s)", a.code.c_str(), a.decides.c_str());
      std::printf("\n");
    }
  }
  if (!r.not_coded.empty()) {
    std::printf("not coded:\n");
    for (const NotCoded& nc : r.not_coded) {
      std::printf("  %s %s%s%s: %s\n", Quote(text, nc.span).c_str(), nc.reason.c_str(),
                  nc.code.empty() ? "" : (" " + nc.code).c_str(),
                  nc.trigger.empty() ? "" : (" [" + nc.trigger + "]").c_str(), nc.explanation.c_str());
    }
  }
}

}  // namespace

int RunSuggest(const CodeSet& cs, const std::vector<std::string>& args) {
  bool json = false, batch = false, ndjson = false;
  SuggestOptions opt;
  std::string file, date;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--help" || a == "-h") return SuggestUsage(stdout);
    if (a == "--json") {
      json = true;
    } else if (a == "--batch") {
      batch = true;
    } else if (a == "--ndjson") {
      ndjson = true;
    } else if (a == "--setting" && i + 1 < args.size()) {
      const std::string& s = args[++i];
      if (s == "outpatient") opt.setting = CareSetting::kOutpatient;
      else if (s == "inpatient") opt.setting = CareSetting::kInpatient;
      else {
        std::fprintf(stderr, "coder: INVALID_ARGUMENT: --setting takes outpatient or inpatient, not '%s'\n", s.c_str());
        return 2;
      }
    } else if (a == "--date" && i + 1 < args.size()) {
      date = args[++i];
      if (!ValidDate(date)) {
        std::fprintf(stderr, "coder: INVALID_ARGUMENT: --date takes YYYY-MM-DD, not '%s'\n", date.c_str());
        return 2;
      }
    } else if (a.starts_with("--") && a != "-") {
      std::fprintf(stderr, "coder: unknown option '%s'\n", a.c_str());
      return SuggestUsage(stderr);
    } else if (file.empty()) {
      file = a;
    } else {
      return SuggestUsage(stderr);
    }
  }
  if (cs.meta().system != "ICD-10-CM") {
    std::fprintf(stderr, "coder: INVALID_ARGUMENT: suggest codes ICD-10-CM; the code set given is %s\n",
                 cs.meta().system.c_str());
    return 1;
  }
  // The note coder reads the Alphabetic Index (the file NAME-index.mcs beside NAME.mcs); without it
  // the codes come from titles, inclusion terms and the lexicon only, so say so rather than answer
  // differently in silence.
  if (!cs.has_index()) {
    std::fprintf(stderr,
                 "coder: note: this code set has no Alphabetic Index attached (its -index.mcs file is not beside it); "
                 "codes are suggested from titles, inclusion terms and the lexicon only\n");
  }
  if (!date.empty()) {
    // The year in force on the date of service codes the note (medcode/years.h).
    opt.date = ParseDate(date);
    const YearChoice yc = ChooseYearAt(cs, opt.date);
    if (yc.outside) std::fprintf(stderr, "coder: note: %s; coding with it\n", yc.note.c_str());
  }
  Suggester suggester(cs);
  if (ndjson && !batch) return SuggestUsage(stderr);
  if (batch) {
    if (!file.empty() && file != "-") return SuggestUsage(stderr);
    suggester.KeepSearches(kBatchSearches);
    std::string line;
    size_t n = 0;
    while (std::getline(std::cin, line)) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      SuggestOptions lopt = opt;
      std::string text = line;
      if (ndjson) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("text") || !j["text"].is_string()) {
          std::fprintf(stderr, "coder: line %zu: INVALID_ARGUMENT: expected a JSON object with a \"text\" string\n", n);
          std::fputs("\n", stdout);
          continue;
        }
        text = j["text"].get<std::string>();
        std::string setting = j.value("setting", std::string(CareSettingName(opt.setting)));
        lopt.setting = setting == "inpatient" ? CareSetting::kInpatient : CareSetting::kOutpatient;
      }
      auto r = suggester.Suggest(text, lopt);
      if (!r) {
        std::fprintf(stderr, "coder: line %zu: %s: %s\n", n, ErrorCodeName(r.error().code), r.error().message.c_str());
        std::fputs("\n", stdout);
        continue;
      }
      if (json) {  // the whole answer, on one line
        std::fputs((ToJson(*r).dump() + "\n").c_str(), stdout);
        continue;
      }
      std::string out;
      for (const CodeSuggestion& c : r->codes) out += (out.empty() ? "" : "\t") + c.code;
      std::fputs((out + "\n").c_str(), stdout);
    }
    return 0;
  }
  if (file.empty()) return SuggestUsage(stderr);
  std::string text;
  if (file == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    text = ss.str();
  } else {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "coder: IO: cannot read %s\n", file.c_str());
      return 1;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  auto r = suggester.Suggest(text, opt);
  if (!r) {
    std::fprintf(stderr, "coder: %s: %s\n", ErrorCodeName(r.error().code), r.error().message.c_str());
    return 1;
  }
  if (json) {
    std::printf("%s\n", ToJson(*r).dump(2).c_str());
  } else {
    Report(text, *r);
  }
  return 0;
}

}  // namespace medcode::cli
