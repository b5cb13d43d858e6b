// coder: the command-line front end of the core.
//
//   coder [--codeset FILE] lookup [--json] CODE
//   coder [--codeset FILE] search [--limit N] [--json] WORDS...
//   coder [--codeset FILE] search --batch [--limit N]      (one query per stdin line)
//   coder [--codeset FILE] validate CODE...
//   coder [--codeset FILE] info
//   coder [--codeset FILE] export                      (TSV: code, billable, title)
//   coder [--codeset FILE] modifiers [--json] [--date D] [WORDS|CODE]   (HCPCS Level II modifiers)
//   coder [--codeset FILE] changes [--year N] [--json]   (what changed in a year of a multi-year file)
//
// lookup, search, validate and suggest take --date YYYY-MM-DD, the date of service: a file
// holding several years (ICD-10-CM FY2026 and FY2027) answers for the year in force on it.
//
// Several code sets: --codeset FILE may be repeated (two of one system, such as a clinic's
// loaded HCPCS quarter beside the shipped one: the one in force on --date, else the newest),
// --system ICD-10-CM,HCPCS picks the
// newest file of each system beside the default one, and --cpt FILE [--cpt-year N] loads a
// CPT descriptor file (code<TAB>descriptor or CSV) in memory. These options may also follow
// the command (lookup, search, validate, info, modifiers). search merges the results by
// score and shows each result's system; lookup and validate use the first code set that
// knows the code.
//
// The code-set file defaults to $MEDCODE_CODESET, else build/codesets/icd10cm-2027.mcs
// found relative to this executable (build/native/bin/coder).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "output.h"
#include "medcode/answers_json.h"
#include "medcode/codeset.h"
#include "medcode/cpt.h"
#include "medcode/lookup.h"
#include "medcode/multisearch.h"
#include "medcode/search.h"
#include "medcode/years.h"

#include "check.h"
#include "mapped_file.h"
#include "index_cmd.h"
#include "suggest_cmd.h"
#include "practice_cmd.h"

using namespace medcode;
using json = nlohmann::json;

namespace {

// A read-only memory map of a whole file (the native ByteSource).
using cli::MappedFile;
using cli::Fail;
using cli::Pad;

std::string DefaultCodeset() {
  if (const char* env = std::getenv("MEDCODE_CODESET"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto p = exe.parent_path().parent_path().parent_path() / "codesets" / "icd10cm-2027.mcs";
    if (std::filesystem::exists(p)) return p.string();
  }
  return "build/codesets/icd10cm-2027.mcs";
}

int Usage(FILE* f) {
  std::fputs(
      "usage: coder [--codeset FILE] COMMAND ...\n"
      "  lookup [--json] CODE            title, hierarchy, billable, notes (with sources), 7th characters\n"
      "  search [--limit N] [--json] [--why] WORDS...   codes or words; a readable table (--why: what matched)\n"
      "  search --batch [--limit N]      one query per stdin line -> one line of tab-separated codes\n"
      "  validate CODE...                why each code is valid or not (exit 1 if any is not)\n"
      "  info                            code system, year, and the inputs it was built from\n"
      "  export                          every code as TSV: code, billable (1/0), title\n"
      "  modifiers [--json] [WORDS|CODE] HCPCS Level II modifiers: all, or those matching\n"
      "  index [--book B] [--letter L] [PREFIX]   Alphabetic Index and Tables: main terms in order\n"
      "  index PATH | --node ID | --follow ID | --code CODE   a term, its subterms, see targets, cells\n"
      "  check [--edits FILE] [--json] FILE   claim pre-checks (.json, .ndjson, .csv): a readable report\n"
      "  check --batch [--csv]           NDJSON claims on stdin -> NDJSON results, one line per claim\n"
      "  suggest [--json] [--setting outpatient|inpatient] FILE|-   code a note: codes in reporting order, evidence, why\n"
      "  suggest --batch                 one text per stdin line -> one line of tab-separated codes\n"
      "  practice list|show ID|grade ID [CODE...]|stats|verify [--cases FILE] [--json]   coding practice\n"
      "  changes [--year N] [--json]     codes added, deleted, retitled, made headers in year N (default: the newest)\n"
      "The code set defaults to $MEDCODE_CODESET or build/codesets/icd10cm-2027.mcs.\n"
      "Several code sets: --codeset FILE (repeatable), --system ICD-10-CM,HCPCS (the newest of each),\n"
      "  --cpt FILE [--cpt-year N] (your CPT descriptor file: code<TAB>descriptor or CSV; read locally);\n"
      "  lookup, validate, search and suggest take --date YYYY-MM-DD, the date of service: the ICD-10-CM\n"
      "  year in force on it (default: the newest year loaded), HCPCS add and termination dates.\n",
      f);
  return f == stdout ? 0 : 2;
}

// The value of "--date D" in args (removed from args); "" if absent.
std::string TakeDate(std::vector<std::string>& args, bool& bad) {
  std::string date;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] != "--date") continue;
    if (i + 1 >= args.size() || !ParseDate(args[i + 1])) {
      std::fprintf(stderr, "coder: --date needs a date of service, YYYY-MM-DD\n");
      bad = true;
      return {};
    }
    date = args[i + 1];
    args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
    --i;
  }
  return date;
}

int CmdLookup(const CodeSet& cs, std::vector<std::string> args) {
  bool as_json = false, bad_date = false;
  std::string date = TakeDate(args, bad_date);
  if (bad_date) return 2;
  std::string code;
  for (auto& a : args) {
    if (a == "--json") as_json = true;
    else if (code.empty()) code = a;
    else return Usage(stderr);
  }
  if (code.empty()) return Usage(stderr);
  auto d = Lookup(cs, code, date);
  if (!d) return Fail(d.error());
  if (as_json) {
    std::cout << DumpJson(ToJson(cs, *d), 2) << "\n";
    return 0;
  }
  const auto& m = cs.meta();
  std::printf("%s  %s\n", d->code.c_str(), d->title.c_str());
  const YearChoice yc = ChooseYearAt(cs, ParseDate(date));
  if (!d->year.empty()) {
    const char* status = d->billable ? "billable" : d->terminated ? "deleted (not valid)"
                         : !d->use_instead.empty() || !d->valid_from.empty() && ParseDate(d->valid_from) > ParseDate(yc.to)
                             ? "not yet valid" : "header (not billable)";
    std::printf("  %s   %s %s (effective %s to %s)\n", status, m.system.c_str(), yc.label.c_str(), yc.from.c_str(),
                yc.to.c_str());
  } else {
    const char* status = d->billable ? "billable" : d->terminated ? "terminated (not billable)"
                         : m.flat ? "not billable" : "header (not billable)";
    std::printf("  %s   %s (effective %s to %s)\n", status, m.label.c_str(), m.effective_from.c_str(), m.effective_to.c_str());
  }
  if (d->new_this_year) std::printf("  new in %s\n", yc.label.c_str());
  if (d->revised_this_year) std::printf("  title revised in %s\n", yc.label.c_str());
  if (!d->deleted_note.empty()) std::printf("  note: %s\n", d->deleted_note.c_str());
  if (m.flat && !d->short_title.empty() && d->short_title != d->title) std::printf("  short title: %s\n", d->short_title.c_str());
  if (!d->added_date.empty() || !d->termination_date.empty()) {
    std::printf("  added %s, latest action effective %s, %s\n", d->added_date.empty() ? "-" : d->added_date.c_str(),
                d->action_date.empty() ? "-" : d->action_date.c_str(),
                d->termination_date.empty() ? "not terminated" : ("terminated after " + d->termination_date).c_str());
  }
  if (!d->date_of_service.empty()) {
    std::printf("  on %s: %s\n", d->date_of_service.c_str(), d->billable ? "billable" : "not billable");
  }
  if (!d->status_note.empty()) std::printf("  status: %s\n", d->status_note.c_str());
  if (!m.provenance.empty()) std::printf("  source: %s\n", m.provenance.c_str());
  if (!m.flat) {
    std::printf("Hierarchy:\n");
    for (const auto& h : d->hierarchy) {
      std::printf("  %s %s\n", Pad(h.level + " " + h.code, 22).c_str(), h.title.c_str());
    }
  }
  if (!d->attributes.empty()) {
    std::printf("Attributes (from %s):\n", d->attributes[0].source.c_str());
    std::string notes;
    for (const auto& a : d->attributes) {
      std::printf("  %s %s%s%s\n", Pad(a.label + ":", 44).c_str(), a.value.c_str(), a.meaning.empty() ? "" : "  ",
                  a.meaning.c_str());
      for (const auto& def : m.attributes) {
        if (def.key == a.key && !def.note.empty() && !a.meaning.empty() && notes.find(def.note) == std::string::npos) {
          notes += (notes.empty() ? "" : "; ") + def.note;
        }
      }
    }
    if (!notes.empty()) std::printf("  (%s)\n", notes.c_str());
  }
  if (!d->notes.empty()) {
    std::printf("Notes:\n");
    for (const auto& n : d->notes) {
      std::printf("  %s %s\n      from %s%s; %s\n", Pad(n.kind + ":", 18).c_str(), n.text.c_str(), n.from.c_str(),
                  n.inherited ? " (applies to all codes below it)" : "", n.source.c_str());
    }
  }
  if (d->seventh) {
    std::printf("7th characters (declared at %s; %s):\n", d->seventh->declared_at.c_str(), d->seventh->source.c_str());
    for (const auto& c : d->seventh->chars) std::printf("  %c  %s\n", c.ch, c.meaning.c_str());
  }
  if (!d->children.empty()) {
    std::printf("Codes below:\n");
    for (const auto& c : d->children) {
      std::printf("  %s %s %s\n", Pad(c.code, 9).c_str(), c.billable ? "*" : " ", c.title.c_str());
    }
  }
  return 0;
}

int CmdSearch(const std::vector<const CodeSet*>& sets, std::vector<std::string> args) {
  uint32_t limit = 20;
  bool batch = false, as_json = false, why = false, bad_date = false;
  const std::string date = TakeDate(args, bad_date);
  if (bad_date) return 2;
  std::string query;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--limit" && i + 1 < args.size()) {
      char* end = nullptr;
      long v = std::strtol(args[++i].c_str(), &end, 10);
      if (!end || *end || v <= 0 || v > static_cast<long>(kMaxLimit)) {
        std::fprintf(stderr, "coder: --limit must be a number from 1 to %u\n", kMaxLimit);
        return 2;
      }
      limit = static_cast<uint32_t>(v);
    } else if (args[i] == "--batch") {
      batch = true;
    } else if (args[i] == "--json") {
      as_json = true;
    } else if (args[i] == "--why") {
      why = true;
    } else if (args[i] == "--help" || args[i] == "-h") {
      return Usage(stdout);
    } else if (args[i].starts_with("--")) {
      std::fprintf(stderr, "coder: search: unknown option '%s' (options: --limit N, --json, --why, --batch, --date D)\n", args[i].c_str());
      return 2;
    } else {
      if (!query.empty()) query += ' ';
      query += args[i];
    }
  }
  std::vector<std::unique_ptr<Searcher>> owned;
  std::vector<Searcher*> searchers;
  for (const CodeSet* cs : sets) {
    owned.push_back(std::make_unique<Searcher>(*cs));
    searchers.push_back(owned.back().get());
  }
  const bool multi = sets.size() > 1;
  SearchOptions options;
  options.limit = limit;
  options.date = ParseDate(date);
  auto search = [&](const std::string& q) { return SearchCodeSets(sets, searchers, q, options); };
  // A file of several years is searched in the year in force on the date: named by it.
  auto label_of = [&](const CodeSet& c) {
    return c.years().empty() ? c.meta().label : c.meta().system + " " + ChooseYearAt(c, options.date).label;
  };
  if (batch) {
    std::string line;
    int errors = 0;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      auto r = search(line);
      if (!r) {
        std::fprintf(stderr, "coder: query \"%.60s\": %s\n", line.c_str(), r.error().message.c_str());
        ++errors;
        std::fputc('\n', stdout);  // keep one output line per input line
        continue;
      }
      std::string out;
      for (size_t k = 0; k < r->hits.size(); ++k) {
        if (k) out += '\t';
        out += sets[r->hits[k].set]->Dotted(r->hits[k].hit.code);
      }
      out += '\n';
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return errors ? 1 : 0;
  }
  if (query.empty()) return Usage(stderr);
  auto r = search(query);
  if (!r) return Fail(r.error());
  std::string labels;
  for (const CodeSet* cs : sets) labels += (labels.empty() ? "" : " + ") + label_of(*cs);
  // Words and how they were read: from the code set that knew the most of them.
  size_t best = 0;
  for (size_t s = 1; s < r->per_set.size(); ++s) {
    if (r->per_set[s].unknown.size() < r->per_set[best].unknown.size()) best = s;
  }
  const SearchResult& first = r->per_set[best];
  if (as_json) {
    json j;
    j["query"] = query;
    j["codeSet"] = labels;
    j["total"] = r->total;
    j["everyWord"] = r->every_word;
    j["partial"] = r->partial;
    j["leads"] = r->leads;
    if (!r->did_you_mean.empty()) {
      j["didYouMean"] = r->did_you_mean;
      j["didYouMeanReason"] = r->did_you_mean_reason;
    }
    j["unknownWords"] = r->unknown;
    j["words"] = json::array();
    for (const auto& w : first.words) j["words"].push_back({{"text", w.text}, {"use", WordUseName(w.use)}, {"used", w.used}});
    j["results"] = json::array();
    for (const auto& mh : r->hits) {
      const CodeSet& cs = *sets[mh.set];
      const SearchHit& h = mh.hit;
      const int y = r->per_set[mh.set].year;
      json x = {{"code", cs.Dotted(h.code)}, {"title", cs.TitleIn(h.code, y)}, {"billable", cs.BillableIn(h.code, y)},
                {"system", cs.meta().system}, {"year", cs.YearNumber(y)}, {"score", h.score},
                {"why", Explain(cs, r->per_set[mh.set], h)}};
      if (cs.terminated(h.code)) x["terminated"] = true;
      j["results"].push_back(std::move(x));
    }
    std::cout << DumpJson(j, 2) << "\n";
    return 0;
  }
  bool words = !r->hits.empty() && r->hits[0].hit.kind == MatchKind::kWords;
  std::string counts;
  if (!words) counts = std::to_string(r->total) + " codes start with it";
  else if (r->every_word) {
    counts = std::to_string(r->total) + " codes match every word" + (r->unknown.empty() ? "" : " found") + ", " +
             std::to_string(r->partial) + " only some";
  }
  else counts = "no code matches every word: " + std::to_string(r->total) + " match the most, " + std::to_string(r->partial) + " fewer";
  std::printf("%zu results for \"%s\" in %s (%s)\n", r->hits.size(), query.c_str(), labels.c_str(), counts.c_str());
  if (!r->did_you_mean.empty()) {
    std::printf("did you mean %s? %s\n", r->did_you_mean[0].c_str(), r->did_you_mean_reason.c_str());
  }
  if (r->leads) {
    // Each lead's words: the query's words it matched.
    std::string parts;
    for (uint32_t k = 0; k < r->leads && k < r->hits.size(); ++k) {
      const MultiHit& mh = r->hits[k];
      const SearchResult& sr = r->per_set[mh.set];
      std::string w;
      for (size_t i = 0; i < sr.words.size() && i < 32; ++i) {
        if (mh.hit.matched >> i & 1u) w += (w.empty() ? "" : " ") + sr.words[i].text;
      }
      parts += (parts.empty() ? "" : "; ") + sets[mh.set]->Dotted(mh.hit.code) + " for \"" + w + "\"";
    }
    std::printf("no code has every part of the query: each leads with its best code (%s)\n", parts.c_str());
  }
  if (!r->unknown.empty()) {
    std::string u;
    for (auto& w : r->unknown) u += (u.empty() ? "" : ", ") + w;
    std::printf("no code contains: %s\n", u.c_str());
  }
  // How words were read: each code set reads them against its own vocabulary.
  for (size_t s = 0; s < r->per_set.size(); ++s) {
    for (const auto& w : r->per_set[s].words) {
      if (w.use != WordUse::kCorrected && w.use != WordUse::kExpanded) continue;
      std::printf("read \"%s\" as: %s%s\n", w.text.c_str(), w.used.c_str(),
                  multi ? (" (" + sets[s]->meta().system + ")").c_str() : "");
    }
  }
  if (r->hits.empty()) return 0;
  bool any_terminated = false;
  for (const auto& mh : r->hits) {
    any_terminated = any_terminated || (sets[mh.set]->years().empty() && sets[mh.set]->terminated(mh.hit.code));
  }
  const std::string legend = any_terminated ? "TITLE (B: * = billable, x = terminated)" : "TITLE (B: * = billable)";
  if (multi) std::printf("%s %s %s %s\n", Pad("SYSTEM", 10).c_str(), Pad("CODE", 9).c_str(), "B", legend.c_str());
  else std::printf("%s %s %s\n", Pad("CODE", 9).c_str(), "B", legend.c_str());
  for (const auto& mh : r->hits) {
    const CodeSet& cs = *sets[mh.set];
    const SearchHit& h = mh.hit;
    const int y = r->per_set[mh.set].year;
    const char* mark = cs.BillableIn(h.code, y) ? "*" : any_terminated && cs.terminated(h.code) ? "x" : " ";
    if (multi) std::printf("%s ", Pad(cs.meta().system, 10).c_str());
    std::printf("%s %s %s\n", Pad(cs.Dotted(h.code), 9).c_str(), mark, std::string(cs.TitleIn(h.code, y)).c_str());
    if (why) std::printf("            %s%s\n", multi ? "           " : "", Explain(cs, r->per_set[mh.set], h).c_str());
  }
  return 0;
}

int CmdValidate(const std::vector<const CodeSet*>& sets, std::vector<std::string> args) {
  bool bad_date = false;
  std::string date = TakeDate(args, bad_date);
  if (bad_date) return 2;
  if (args.empty()) return Usage(stderr);
  int bad = 0;
  for (const auto& a : args) {
    // The first code set that knows the code answers; else the first code set.
    std::optional<Validation> v;
    for (const CodeSet* cs : sets) {
      Validation x = Validate(*cs, a, date);
      if (!v) v = x;
      if (x.status != CodeStatus::kUnknown && x.status != CodeStatus::kMalformed) {
        v = x;
        break;
      }
    }
    std::printf("%s\t%s\t%s\n", a.c_str(), CodeStatusName(v->status), v->message.c_str());
    if (v->status != CodeStatus::kValid) ++bad;
  }
  return bad ? 1 : 0;
}

// HCPCS Level II modifiers: every one, or those matching the words or the code.
int CmdModifiers(const std::vector<const CodeSet*>& sets, std::vector<std::string> args) {
  bool as_json = false, bad_date = false;
  std::string date = TakeDate(args, bad_date);
  if (bad_date) return 2;
  std::string query;
  for (const auto& a : args) {
    if (a == "--json") as_json = true;
    else query += (query.empty() ? "" : " ") + a;
  }
  const CodeSet* cs = nullptr;
  for (const CodeSet* s : sets) if (!s->modifiers().empty() && !cs) cs = s;
  if (!cs) return Fail({ErrorCode::kNotFound, "no modifiers in the code set(s) given; use the HCPCS code set (--system HCPCS)"});
  auto list = ListModifiers(*cs, query, date);
  if (!list) return Fail(list.error());
  if (as_json) {
    json j = ModifiersJson(*cs, *list);
    j["codeSet"] = cs->meta().label;
    j["query"] = query;
    std::cout << DumpJson(j, 2) << "\n";
    return 0;
  }
  std::printf("%zu modifier%s%s in %s%s\n", list->size(), list->size() == 1 ? "" : "s",
              query.empty() ? "" : (" matching \"" + query + "\"").c_str(), cs->meta().label.c_str(),
              date.empty() ? "" : (" (date of service " + date + ")").c_str());
  if (list->empty()) return 0;
  std::printf("%s %s %s %s\n", Pad("MOD", 4).c_str(), Pad("ADDED", 10).c_str(), Pad("TERMINATED", 10).c_str(), "DESCRIPTION (x = terminated)");
  for (const auto& m : *list) {
    std::printf("%s %s %s %s%s\n", Pad(m.code, 4).c_str(), Pad(m.added_date.empty() ? "-" : m.added_date, 10).c_str(),
                Pad(m.termination_date.empty() ? "-" : m.termination_date, 10).c_str(), m.terminated ? "x " : "",
                m.title.c_str());
  }
  return 0;
}

// Every code as TSV: code (dotted), billable (1/0), long title. For benchmarks and audits.
int CmdExport(const CodeSet& cs, const std::vector<std::string>& args) {
  if (!args.empty()) return Usage(stderr);
  std::string out = "code\tbillable\ttitle\n";
  for (uint32_t i = 0; i < cs.size(); ++i) {
    out += cs.Dotted(i);
    out += cs.billable(i) ? "\t1\t" : "\t0\t";
    out += cs.title(i);
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

int CmdInfo(const CodeSet& cs, const std::string& path) {
  const auto& m = cs.meta();
  const json info = InfoJson(cs);  // the same counts as the JS API's info
  std::printf("%s: %s, effective %s to %s\n", path.c_str(), m.label.c_str(), m.effective_from.c_str(), m.effective_to.c_str());
  std::printf("  format %u.%u, %zu bytes, %u codes", unsigned(format::kFormatMajor), unsigned(cs.format_minor()), cs.byte_size(), cs.size());
  if (info.contains("terminated")) std::printf(" (%u terminated)", info["terminated"].get<uint32_t>());
  if (info.contains("modifiers")) std::printf(", %zu modifiers", info["modifiers"].get<size_t>());
  std::printf("\n");
  if (!m.provenance.empty()) std::printf("  %s\n", m.provenance.c_str());
  if (info.contains("years")) {
    std::printf("  years (chosen by the date of service):\n");
    for (const auto& y : info["years"]) {
      std::printf("    %-8s %s to %s\n", y["label"].get<std::string>().c_str(), y["effectiveFrom"].get<std::string>().c_str(),
                  y["effectiveTo"].get<std::string>().c_str());
    }
  }
  std::printf("  built from:\n");
  const char* fy = m.system == "ICD-10-CM" ? "FY" : "";
  for (const auto& in : m.inputs) {
    std::printf("    %-11s %s (%s%d, %s)\n                %s\n                sha256 %s\n", in.role.c_str(), in.name.c_str(),
                fy, in.year, in.kind.c_str(), in.path.c_str(), in.sha256.c_str());
  }
  return 0;
}

// What changed in a year of a file holding several (default: the newest year).
int CmdChanges(const CodeSet& cs, const std::vector<std::string>& args) {
  bool as_json = false;
  int year = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--json") {
      as_json = true;
    } else if (args[i] == "--year" && i + 1 < args.size()) {
      char* end = nullptr;
      long v = std::strtol(args[++i].c_str(), &end, 10);
      if (!end || *end || v < 1900 || v > 9999) {
        std::fprintf(stderr, "coder: changes: --year needs a year such as 2027\n");
        return 2;
      }
      year = static_cast<int>(v);
    } else {
      return Usage(stderr);
    }
  }
  int y = cs.newest_year();
  if (year) {
    y = -1;
    for (int k = 0; k <= cs.newest_year(); ++k) if (cs.YearNumber(k) == year) y = k;
    if (y < 0) return Fail({ErrorCode::kNotFound, cs.meta().label + " does not hold " + std::to_string(year)});
  }
  auto ch = Changes(cs, y);
  if (!ch) return Fail(ch.error());
  const json j = ChangesJson(cs, y, *ch);
  if (as_json) {
    std::cout << DumpJson(j, 2) << "\n";
    return 0;
  }
  std::printf("%s: what changed from %s to %s (%s)\n", cs.meta().system.c_str(), j["from"].get<std::string>().c_str(),
              j["to"].get<std::string>().c_str(), j["effective"].get<std::string>().c_str());
  for (const char* kind : {"added", "deleted", "retitled", "became-header", "became-billable"}) {
    std::vector<const json*> rows;
    for (const auto& c : j["changes"]) if (c["kind"] == kind) rows.push_back(&c);
    if (rows.empty()) continue;
    std::printf("%s (%zu):\n", kind, rows.size());
    for (const json* c : rows) {
      std::printf("  %s %s %s\n", Pad((*c)["code"].get<std::string>(), 9).c_str(), (*c)["billable"].get<bool>() ? "*" : " ",
                  (*c)["title"].get<std::string>().c_str());
      if (c->contains("previousTitle")) std::printf("            was: %s\n", (*c)["previousTitle"].get<std::string>().c_str());
      if (c->contains("replacedBy") && !(*c)["replacedBy"].empty()) {
        std::string r;
        for (const auto& x : (*c)["replacedBy"]) r += (r.empty() ? "" : ", ") + x.get<std::string>();
        std::printf("            now: %s\n", r.c_str());
      }
    }
  }
  return 0;
}

// The code sets a command works on: files, the newest file of each system asked for, a
// user's CPT descriptor file built in memory.
struct LoadedSet {
  std::string path;
  MappedFile file;
  std::vector<uint64_t> owned;  // an in-memory code set (CPT), 8-byte aligned
  std::optional<CodeSet> cs;
};

struct SetOptions {
  std::vector<std::string> files;      // --codeset
  std::vector<std::string> systems;    // --system (upper case)
  std::vector<std::string> cpt_files;  // --cpt
  int cpt_year = 0;                    // --cpt-year
};

// Takes --codeset/--system/--cpt/--cpt-year from args. Returns 0, or 2 after a usage message.
int TakeSetOptions(std::vector<std::string>& args, SetOptions& o) {
  for (size_t i = 0; i < args.size();) {
    const std::string& a = args[i];
    if (a != "--codeset" && a != "--system" && a != "--cpt" && a != "--cpt-year") {
      ++i;
      continue;
    }
    if (i + 1 >= args.size()) {
      std::fprintf(stderr, "coder: %s needs a value\n", a.c_str());
      return 2;
    }
    std::string v = args[i + 1];
    if (a == "--codeset") o.files.push_back(v);
    if (a == "--cpt") o.cpt_files.push_back(v);
    if (a == "--system") {
      std::stringstream ss(v);
      std::string one;
      while (std::getline(ss, one, ',')) {
        for (char& c : one) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (!one.empty()) o.systems.push_back(one);
      }
    }
    if (a == "--cpt-year") {
      char* end = nullptr;
      long y = std::strtol(v.c_str(), &end, 10);
      if (!end || *end || y < 1990 || y > 2100) {
        std::fprintf(stderr, "coder: --cpt-year must be a year (1990-2100)\n");
        return 2;
      }
      o.cpt_year = static_cast<int>(y);
    }
    args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
  }
  return 0;
}

// Opens a code-set file; on failure prints the error (as coder always has) and returns 1.
int OpenFile(const std::string& path, std::vector<std::unique_ptr<LoadedSet>>& out, bool quiet = false) {
  auto ls = std::make_unique<LoadedSet>();
  ls->path = path;
  auto bytes = ls->file.Open(path);
  if (!bytes) return quiet ? 1 : Fail(bytes.error());
  auto cs = CodeSet::Open(*bytes);
  if (!cs) {
    if (!quiet) std::fprintf(stderr, "coder: %s: %s: %s\n", path.c_str(), ErrorCodeName(cs.error().code), cs.error().message.c_str());
    return 1;
  }
  ls->cs.emplace(std::move(*cs));
  // The Alphabetic Index and Tables in a file of their own beside it (NAME-index.mcs, format.h).
  const std::string index_path = (path.ends_with(".mcs") ? path.substr(0, path.size() - 4) : path) + "-index.mcs";
  if (!ls->cs->has_index() && std::filesystem::exists(index_path)) {
    MappedFile index_file;
    auto ibytes = index_file.Open(index_path);
    auto e = ibytes ? ls->cs->AttachIndex(*ibytes) : std::optional<Error>(ibytes.error());
    if (e && !quiet) {
      std::fprintf(stderr, "coder: %s: %s: %s (the code set is used without its Index)\n", index_path.c_str(), ErrorCodeName(e->code),
                   e->message.c_str());
    }
  }
  out.push_back(std::move(ls));
  return 0;
}

// Reads a CPT descriptor file and builds its code set in memory; lines it skipped are
// reported on stderr (line numbers and why, never the descriptor text).
int OpenCpt(const std::string& path, int year, std::vector<std::unique_ptr<LoadedSet>>& out) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Fail({ErrorCode::kIo, "cannot open CPT descriptor file " + path + ": " + std::strerror(errno)});
  f.seekg(0, std::ios::end);
  auto size = static_cast<size_t>(f.tellg());
  if (size > kMaxCptFileBytes) {
    return Fail({ErrorCode::kInputTooLong, path + " is " + std::to_string(size) + " bytes; a CPT descriptor file may be at most " +
                                               std::to_string(kMaxCptFileBytes >> 20) + " MB"});
  }
  f.seekg(0);
  std::string text(size, '\0');
  f.read(text.data(), static_cast<std::streamsize>(size));
  CptOptions opt;
  opt.name = std::filesystem::path(path).filename().string();
  opt.year = year;
  auto built = BuildCptCodeSet(text, opt);
  if (!built) return Fail({built.error().code, path + ": " + built.error().message});
  const CptLoadReport& rep = built->report;
  for (const auto& is : rep.issues) std::fprintf(stderr, "coder: %s line %u skipped: %s\n", opt.name.c_str(), is.line, is.reason.c_str());
  if (rep.skipped > rep.issues.size()) {
    std::fprintf(stderr, "coder: %s: %u more lines skipped\n", opt.name.c_str(), static_cast<unsigned>(rep.skipped - rep.issues.size()));
  }
  auto ls = std::make_unique<LoadedSet>();
  ls->path = "cpt:" + path;
  ls->owned.assign((built->bytes.size() + 7) / 8, 0);
  std::memcpy(ls->owned.data(), built->bytes.data(), built->bytes.size());
  auto cs = CodeSet::Open({reinterpret_cast<const uint8_t*>(ls->owned.data()), built->bytes.size()});
  if (!cs) return Fail(cs.error());
  ls->cs.emplace(std::move(*cs));
  out.push_back(std::move(ls));
  return 0;
}

// --system: the newest file of each system in the folder of the default code set.
int OpenSystems(const std::vector<std::string>& systems, std::vector<std::unique_ptr<LoadedSet>>& out) {
  std::filesystem::path dir = std::filesystem::path(DefaultCodeset()).parent_path();
  if (dir.empty()) dir = ".";
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".mcs") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::unique_ptr<LoadedSet>> all;
  for (const auto& f : files) OpenFile(f, all, /*quiet=*/true);  // other kinds of files (claim edits) are not code sets
  for (const auto& want : systems) {
    LoadedSet* best = nullptr;
    for (auto& ls : all) {
      std::string sys = ls->cs->meta().system;
      for (char& c : sys) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (sys == want && (!best || ls->cs->meta().year > best->cs->meta().year)) best = ls.get();
    }
    if (!best) {
      if (want == "CPT") continue;  // CPT comes from --cpt
      return Fail({ErrorCode::kNotFound, "no " + want + " code set in " + dir.string() + " (build them with make codesets)"});
    }
    for (auto& ls : all) {
      if (ls.get() == best) out.push_back(std::move(ls));
    }
    std::erase_if(all, [](const auto& p) { return !p; });
  }
  return 0;
}

// The date of service of "--date D" in args (left in place); 0 if absent or not a date.
uint32_t DateArg(const std::vector<std::string>& args) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--date") return ParseDate(args[i + 1]);
  }
  return 0;
}

// Several code sets of one system (a clinic's loaded HCPCS quarter beside the shipped one,
// coder-import --load): the one in force on the date of service (of those covering it, the
// newest), else the newest; code sets of other systems stay as given.
std::vector<const CodeSet*> InForce(const std::vector<const CodeSet*>& sets, uint32_t date) {
  auto from = [](const CodeSet* c) { return ParseDate(c->meta().effective_from); };
  auto covers = [&](const CodeSet* c) {
    const uint32_t f = from(c), t = ParseDate(c->meta().effective_to);
    return date && (!f || date >= f) && (!t || date <= t);
  };
  std::vector<const CodeSet*> out;
  for (const CodeSet* s : sets) {
    auto same = std::find_if(out.begin(), out.end(), [&](const CodeSet* o) { return o->meta().system == s->meta().system; });
    if (same == out.end()) {
      out.push_back(s);
    } else if (covers(s) != covers(*same) ? covers(s) : from(s) > from(*same)) {
      *same = s;
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  SetOptions so;
  // Code-set options before the command (--codeset FILE, --system LIST, --cpt FILE, --cpt-year N).
  {
    size_t n = 0;
    while (n + 1 < args.size() && (args[n] == "--codeset" || args[n] == "--system" || args[n] == "--cpt" || args[n] == "--cpt-year")) n += 2;
    std::vector<std::string> head(args.begin(), args.begin() + static_cast<long>(n));
    args.erase(args.begin(), args.begin() + static_cast<long>(n));
    if (int rc = TakeSetOptions(head, so)) return rc;
  }
  if (args.empty()) return Usage(stderr);
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") return Usage(stdout);
  std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd != "lookup" && cmd != "search" && cmd != "validate" && cmd != "info" && cmd != "export" && cmd != "check" &&
      cmd != "index" && cmd != "modifiers" && cmd != "suggest" &&
      cmd != "practice" && cmd != "changes") {
    std::fprintf(stderr, "coder: unknown command '%s'\n", cmd.c_str());
    return Usage(stderr);
  }
  // These commands work on several code sets and also take the options after the command.
  const bool multi_cmd = cmd == "lookup" || cmd == "search" || cmd == "validate" || cmd == "info" || cmd == "modifiers";
  if (multi_cmd) {
    if (int rc = TakeSetOptions(args, so)) return rc;
  }
  if (cmd == "modifiers" && so.files.empty() && so.systems.empty()) so.systems.push_back("HCPCS");
  if (cmd == "practice" && TakeSetOptions(args, so)) return 2;  // practice: code-set options after it too
  if (cmd == "practice" && so.files.empty() && so.systems.empty()) so.systems = {"ICD-10-CM", "HCPCS"};
  std::vector<std::unique_ptr<LoadedSet>> loaded;
  for (const auto& f : so.files) {
    if (int rc = OpenFile(f, loaded)) return rc;
  }
  if (so.files.empty() && !so.systems.empty()) {
    if (int rc = OpenSystems(so.systems, loaded)) return rc;
  } else if (!so.systems.empty()) {
    // Files given and systems named: keep the files of those systems.
    std::erase_if(loaded, [&](const auto& ls) {
      std::string sys = ls->cs->meta().system;
      for (char& c : sys) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return std::find(so.systems.begin(), so.systems.end(), sys) == so.systems.end();
    });
  }
  for (const auto& f : so.cpt_files) {
    if (int rc = OpenCpt(f, so.cpt_year, loaded)) return rc;
  }
  if (loaded.empty() && so.cpt_files.empty() && so.systems.empty()) {
    if (int rc = OpenFile(DefaultCodeset(), loaded)) return rc;
  }
  if (loaded.empty()) return Fail({ErrorCode::kNotFound, "no code set matches the --system given"});
  std::vector<const CodeSet*> sets;
  for (const auto& ls : loaded) sets.push_back(&*ls->cs);
  if (cmd == "lookup" || cmd == "search" || cmd == "validate" || cmd == "modifiers") sets = InForce(sets, DateArg(args));
  const CodeSet& cs = *sets[0];
  if (cmd == "lookup") {
    // The first code set that has the code; a modifier (two characters) is shown as such.
    std::string code;
    for (size_t i = 0; i < args.size(); ++i) {
      if (args[i] == "--date") ++i;
      else if (!args[i].starts_with("--") && code.empty()) code = args[i];
    }
    for (const CodeSet* s : sets) {
      if (s->Find(code)) return CmdLookup(*s, args);
    }
    for (const CodeSet* s : sets) {
      if (s->FindModifier(code)) return CmdModifiers({s}, args);
    }
    return CmdLookup(cs, args);
  }
  if (cmd == "search") return CmdSearch(sets, args);
  if (cmd == "validate") return CmdValidate(sets, args);
  if (cmd == "modifiers") return CmdModifiers(sets, args);
  if (cmd == "export") return CmdExport(cs, args);
  if (cmd == "changes") return CmdChanges(cs, args);
  if (cmd == "check") return cli::RunCheck(cs, args);
  if (cmd == "index") return cli::RunIndex(cs, args);
  if (cmd == "suggest") return cli::RunSuggest(cs, args);
  if (cmd == "practice") return cli::RunPractice(sets, args);
  for (size_t k = 0; k < loaded.size(); ++k) {
    if (int rc = CmdInfo(*sets[k], loaded[k]->path)) return rc;
  }
  return 0;
}
