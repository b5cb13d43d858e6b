// coder practice: coding cases for students, and for instructors writing their own.
//
//   coder practice list [--json]                 the cases: id, chapter, setting, level, title
//   coder practice show ID [--json]              the scenario to code (never the key)
//   coder practice grade ID [CODE...] [--json]   grade an answer (codes in reporting order)
//   coder practice stats [--json]                coverage: cases per chapter, level, setting,
//                                                guideline section; time to grade every case
//   coder practice verify [--json]               check every key against the code sets
// Every subcommand takes --cases FILE (an instructor's file); the default is
// $MEDCODE_PRACTICE_CASES, else codesets/practice/cases.json of the source tree found
// relative to this executable (build/native/bin/coder). HCPCS lines in an answer are
// written CODE[-MOD[-MOD]][xUNITS]: J1100x2, E0114-NU. The rules are in medcode/practice.h.
#include "output.h"
#include "practice_cmd.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "medcode/practice.h"

namespace medcode::cli {
namespace {

using namespace medcode::practice;
using json = nlohmann::json;

int PracticeUsage(FILE* f) {
  std::fputs(
      "usage: coder practice COMMAND [--cases FILE] [--json] ...\n"
      "  coder practice list                   the cases: id, chapter, setting, level, title\n"
      "  coder practice show ID                the scenario to code (no key)\n"
      "  coder practice grade ID [CODE...]     grade an answer, codes in reporting order (first-listed first);\n"
      "                                        HCPCS lines as CODE[-MOD[-MOD]][xUNITS], e.g. J1100x2, E0114-NU\n"
      "  coder practice stats                  cases per chapter, level, setting, guideline section; grading time\n"
      "  coder practice verify                 check every key against the code sets (for instructors)\n"
      "--cases FILE: your own case file (format medcode-practice-cases, codesets/practice/cases.schema.json);\n"
      "the default is $MEDCODE_PRACTICE_CASES or the shipped bank codesets/practice/cases.json.\n",
      f);
  return f == stdout ? 0 : 2;
}

void PrintJson(const json& j) { std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n"; }

std::string DefaultCases() {
  if (const char* env = std::getenv("MEDCODE_PRACTICE_CASES"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    // build/native/bin/coder -> the source tree's codesets/practice/cases.json
    auto p = exe.parent_path().parent_path().parent_path().parent_path() / "codesets" / "practice" / "cases.json";
    if (std::filesystem::exists(p)) return p.string();
  }
  return "codesets/practice/cases.json";
}

// Reads and parses a case file; prints every problem on failure.
int LoadBank(const std::string& path, CaseBank& bank) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return Fail({ErrorCode::kIo, "cannot open case file " + path + ": " + std::strerror(errno)});
  if (static_cast<size_t>(st.st_size) > kMaxCaseFileBytes) {
    return Fail({ErrorCode::kInputTooLong, path + " is " + std::to_string(st.st_size) + " bytes; a case file may be at most " +
                                               std::to_string(kMaxCaseFileBytes >> 20) + " MB"});
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) return Fail({ErrorCode::kIo, "cannot open case file " + path + ": " + std::strerror(errno)});
  std::stringstream ss;
  ss << f.rdbuf();
  std::vector<CaseIssue> issues;
  auto r = ParseCases(ss.str(), &issues);
  if (!r) {
    if (issues.size() <= 1) return Fail({r.error().code, path + ": " + r.error().message});
    std::fprintf(stderr, "coder: %s: %s: %zu problems in the case file:\n", ErrorCodeName(r.error().code), path.c_str(), issues.size());
    for (const auto& is : issues) std::fprintf(stderr, "  %s\n", is.Text().c_str());
    return 1;
  }
  bank = std::move(*r);
  return 0;
}

std::string Join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

// Wraps text at about 88 columns with an indent.
void PrintWrapped(const std::string& text, const char* indent) {
  std::istringstream in(text);
  std::string word, line;
  while (in >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > 88) {
      std::printf("%s%s\n", indent, line.c_str());
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) std::printf("%s%s\n", indent, line.c_str());
}

int CmdList(const CaseBank& bank, const CodeSets& sets, bool as_json) {
  if (as_json) {
    json j = json::array();
    for (const Case& c : bank.cases) j.push_back(SummaryJson(c, sets));
    PrintJson(j);
    return 0;
  }
  std::printf("%zu case%s\n", bank.cases.size(), bank.cases.size() == 1 ? "" : "s");
  std::printf("%s %s %s %s %s\n", Pad("ID", 11).c_str(), Pad("CHAPTER", 7).c_str(), Pad("SETTING", 10).c_str(), "L", "TITLE");
  for (const Case& c : bank.cases) {
    std::printf("%s %s %s %d %s\n", Pad(c.id, 11).c_str(), Pad(CaseChapter(c, sets), 7).c_str(), Pad(c.setting, 10).c_str(),
                c.level, c.title.c_str());
  }
  return 0;
}

const Case* FindCase(const CaseBank& bank, const std::string& id) {
  const Case* c = bank.Find(id);
  if (!c) Fail({ErrorCode::kNotFound, "no case \"" + id + "\" (coder practice list shows the ids)"});
  return c;
}

int CmdShow(const Case& c, const CodeSets& sets, bool as_json) {
  if (as_json) {
    PrintJson(ExerciseJson(c, sets));
    return 0;
  }
  std::printf("%s  %s\n", c.id.c_str(), c.title.c_str());
  std::printf("  %s, date of service %s, level %d; topics: %s\n", c.setting.c_str(), c.date_of_service.c_str(), c.level,
              Join(c.topics, ", ").c_str());
  std::printf("\n");
  PrintWrapped(c.scenario, "  ");
  std::printf("\n");
  std::printf("Code the %s diagnoses in reporting order", c.setting == "inpatient" ? "principal and secondary" : "first-listed and other");
  if (!c.hcpcs.empty()) std::printf(", and %zu HCPCS line%s (CODE[-MOD][xUNITS])", c.hcpcs.size(), c.hcpcs.size() == 1 ? "" : "s");
  std::printf(":\n  coder practice grade %s CODE...\n", c.id.c_str());
  return 0;
}

int CmdGrade(const Case& c, const CodeSets& sets, const std::vector<std::string>& codes, bool as_json) {
  auto g = Grade(c, sets, codes);
  if (!g) return Fail(g.error());
  if (as_json) {
    PrintJson(ToJson(*g));
    return 0;
  }
  std::printf("%s  %s\n", c.id.c_str(), c.title.c_str());
  char score[64];
  std::snprintf(score, sizeof score, "%.4g", g->score);
  std::printf("Score %s of 1", score);
  if (g->overcoding_factor < 1) {
    std::printf(" (earned %.4g, times %d key item%s / %d entered = %.4g for over-coding)", g->earned, g->key_items,
                g->key_items == 1 ? "" : "s", g->entered, g->overcoding_factor);
  }
  std::printf("\n");
  if (g->items.empty()) std::printf("  (no codes entered)\n");
  for (size_t i = 0; i < g->items.size(); ++i) {
    const GradedItem& it = g->items[i];
    std::printf("%2zu. %s %s %s\n", i + 1, Pad(it.code, 12).c_str(), Pad(VerdictName(it.verdict), 8).c_str(),
                it.title.empty() ? "" : it.title.c_str());
    PrintWrapped(it.reason, "      ");
    if (!it.expected.empty() && it.verdict != Verdict::kCorrect) {
      std::string e = "expected " + it.expected + (it.expected_title.empty() ? "" : " " + it.expected_title);
      if (!it.index_path.empty()) e += "; index: " + it.index_path;
      PrintWrapped(e, "      ");
    }
    if (!it.note.empty()) PrintWrapped("note: " + it.note, "      ");
  }
  if (!g->missing.empty()) {
    std::printf("Missing:\n");
    for (const auto& m : g->missing) {
      std::printf("    %s %s\n", Pad(m.code, 12).c_str(), m.title.c_str());
      PrintWrapped(m.reason + (m.index_path.empty() ? "" : "; index: " + m.index_path), "      ");
    }
  }
  std::printf("Key (reporting order):\n");
  for (size_t i = 0; i < g->key.size(); ++i) {
    const KeyView& k = g->key[i];
    std::printf("%2zu. %s %s\n", i + 1, Pad(k.code, 12).c_str(), k.title.c_str());
    std::string more = k.why;
    if (!k.accept.empty()) more += " (also accepted: " + Join(k.accept, ", ") + ")";
    if (!k.index_path.empty()) more += " [index: " + k.index_path + "]";
    PrintWrapped(more, "      ");
  }
  std::printf("Rationale:\n");
  PrintWrapped(g->rationale, "  ");
  if (!g->guidelines.empty()) std::printf("Guidelines: %s\n", Join(g->guidelines, ", ").c_str());
  return 0;
}

// Each case's own key as an answer (ICD-10-CM codes, then HCPCS lines).
std::vector<std::string> KeyAnswer(const Case& c) {
  std::vector<std::string> a;
  for (const auto& k : c.key) a.push_back(k.code);
  for (const auto& h : c.hcpcs) a.push_back(HcpcsLineText(h.code, h.modifiers, h.units));
  return a;
}

int CmdStats(const CaseBank& bank, const CodeSets& sets, bool as_json) {
  CoverageStats s = Coverage(bank, sets);
  // Time to grade every case once (its own key); a figure, never a check.
  size_t full = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (const Case& c : bank.cases) {
    auto g = Grade(c, sets, KeyAnswer(c));
    if (g && g->score == 1.0) ++full;
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  if (as_json) {
    json j = ToJson(s);
    j["grading"] = {{"cases", bank.cases.size()}, {"keysScoringOne", full}, {"milliseconds", ms}};
    PrintJson(j);
    return 0;
  }
  std::printf("%zu cases\n", s.cases);
  std::vector<std::pair<std::string, size_t>> ch(s.by_chapter.begin(), s.by_chapter.end());
  std::sort(ch.begin(), ch.end(), [](const auto& a, const auto& b) { return ChapterLess(a.first, b.first); });
  std::printf("By chapter (of the first key code):\n");
  for (const auto& [k, n] : ch) std::printf("  %s %zu\n", Pad(k == "HCPCS" ? k : "ch. " + k, 8).c_str(), n);
  std::printf("By level:\n");
  for (const auto& [k, n] : s.by_level) std::printf("  %s %zu\n", Pad(std::to_string(k), 8).c_str(), n);
  std::printf("By setting:\n");
  for (const auto& [k, n] : s.by_setting) std::printf("  %s %zu\n", Pad(k, 11).c_str(), n);
  std::vector<std::pair<std::string, size_t>> gl(s.by_guideline.begin(), s.by_guideline.end());
  std::sort(gl.begin(), gl.end(), [](const auto& a, const auto& b) { return SectionLess(a.first, b.first); });
  std::printf("By guideline section cited (%zu sections):\n", gl.size());
  std::string line;
  for (const auto& [k, n] : gl) {
    std::string cell = k + " " + std::to_string(n);
    if (!line.empty() && line.size() + 3 + cell.size() > 88) {
      std::printf("  %s\n", line.c_str());
      line.clear();
    }
    line += (line.empty() ? "" : "   ") + cell;
  }
  if (!line.empty()) std::printf("  %s\n", line.c_str());
  std::printf("Grading every case once (its key): %.1f ms for %zu cases (%.3f ms per case); %zu keys score 1\n", ms,
              bank.cases.size(), bank.cases.empty() ? 0.0 : ms / static_cast<double>(bank.cases.size()), full);
  return 0;
}

int CmdVerify(const CaseBank& bank, const CodeSets& sets, bool as_json) {
  std::vector<CaseIssue> all;
  size_t ok = 0;
  for (const Case& c : bank.cases) {
    auto issues = VerifyCase(c, sets);
    if (issues.empty()) ++ok;
    all.insert(all.end(), issues.begin(), issues.end());
  }
  if (as_json) {
    json j = {{"cases", bank.cases.size()}, {"verified", ok}, {"issues", json::array()}};
    for (const auto& i : all) j["issues"].push_back(ToJson(i));
    PrintJson(j);
  } else {
    for (const auto& i : all) std::printf("%s\n", i.Text().c_str());
    std::printf("%zu of %zu cases verify against %s%s\n", ok, bank.cases.size(),
                sets.icd ? sets.icd->meta().label.c_str() : "(no ICD-10-CM code set)",
                sets.hcpcs ? (" and " + sets.hcpcs->meta().label).c_str() : "");
  }
  return all.empty() ? 0 : 1;
}

}  // namespace

int RunPractice(const std::vector<const CodeSet*>& sets_in, const std::vector<std::string>& args_in) {
  std::vector<std::string> args = args_in;
  std::string cases_path;
  bool as_json = false;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--cases") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "coder: --cases needs a file\n");
        return 2;
      }
      cases_path = args[++i];
    } else if (args[i] == "--json") {
      as_json = true;
    } else if (args[i] == "--help" || args[i] == "-h") {
      return PracticeUsage(stdout);
    } else if (args[i].starts_with("--")) {
      std::fprintf(stderr, "coder: practice: unknown option '%s'\n", args[i].c_str());
      return PracticeUsage(stderr);
    } else {
      rest.push_back(args[i]);
    }
  }
  if (rest.empty()) return PracticeUsage(stderr);
  const std::string sub = rest[0];
  rest.erase(rest.begin());
  if (sub != "list" && sub != "show" && sub != "grade" && sub != "stats" && sub != "verify") {
    std::fprintf(stderr, "coder: practice: unknown command '%s'\n", sub.c_str());
    return PracticeUsage(stderr);
  }
  const bool takes_id = sub == "show" || sub == "grade";
  if (takes_id && rest.empty()) {
    std::fprintf(stderr, "coder: practice %s needs a case id\n", sub.c_str());
    return PracticeUsage(stderr);
  }
  if ((!takes_id && !rest.empty()) || (sub == "show" && rest.size() > 1)) {
    std::fprintf(stderr, "coder: practice %s: unexpected argument '%s'\n", sub.c_str(), rest.back().c_str());
    return PracticeUsage(stderr);
  }
  CodeSets sets;
  for (const CodeSet* cs : sets_in) {
    if (cs->meta().system == "ICD-10-CM" && !sets.icd) sets.icd = cs;
    if (cs->meta().system == "HCPCS" && !sets.hcpcs) sets.hcpcs = cs;
  }
  CaseBank bank;
  if (int rc = LoadBank(cases_path.empty() ? DefaultCases() : cases_path, bank)) return rc;
  if (sub == "list") return CmdList(bank, sets, as_json);
  if (sub == "stats") return CmdStats(bank, sets, as_json);
  if (sub == "verify") return CmdVerify(bank, sets, as_json);
  const Case* c = FindCase(bank, rest[0]);
  if (!c) return 1;
  if (sub == "show") return CmdShow(*c, sets, as_json);
  // Codes as separate words, or separated by commas.
  std::vector<std::string> codes;
  for (size_t i = 1; i < rest.size(); ++i) {
    std::stringstream ss(rest[i]);
    std::string one;
    while (std::getline(ss, one, ',')) {
      if (one.find_first_not_of(" \t") != std::string::npos) codes.push_back(one);
    }
  }
  return CmdGrade(*c, sets, codes, as_json);
}

}  // namespace medcode::cli
