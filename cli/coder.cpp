// coder: the command-line front end of the core.
//
//   coder [--codeset FILE] lookup [--json] CODE
//   coder [--codeset FILE] search [--limit N] [--json] WORDS...
//   coder [--codeset FILE] search --batch [--limit N]      (one query per stdin line)
//   coder [--codeset FILE] validate CODE...
//   coder [--codeset FILE] info
//   coder [--codeset FILE] export                      (TSV: code, billable, title)
//
// The code-set file defaults to $MEDCODE_CODESET, else build/codesets/icd10cm-2026.mcs
// found relative to this executable (build/native/bin/coder).
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "medcode/codeset.h"
#include "medcode/lookup.h"
#include "medcode/search.h"

using namespace medcode;
using json = nlohmann::json;

namespace {

// A read-only memory map of a whole file (the native ByteSource).
class MappedFile {
 public:
  ~MappedFile() {
    if (data_ && data_ != MAP_FAILED) munmap(data_, size_);
  }
  Result<std::span<const uint8_t>> Open(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return MakeError(ErrorCode::kIo, "cannot open code-set file " + path + ": " + std::strerror(errno));
    struct stat st{};
    if (fstat(fd, &st) != 0) {
      ::close(fd);
      return MakeError(ErrorCode::kIo, "cannot stat " + path);
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ == 0) {
      ::close(fd);
      return MakeError(ErrorCode::kTruncated, "code-set file " + path + " is empty");
    }
    data_ = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (data_ == MAP_FAILED) return MakeError(ErrorCode::kIo, "cannot map " + path + ": " + std::strerror(errno));
    return std::span<const uint8_t>(static_cast<const uint8_t*>(data_), size_);
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
};

std::string DefaultCodeset() {
  if (const char* env = std::getenv("MEDCODE_CODESET"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto p = exe.parent_path().parent_path().parent_path() / "codesets" / "icd10cm-2026.mcs";
    if (std::filesystem::exists(p)) return p.string();
  }
  return "build/codesets/icd10cm-2026.mcs";
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
      "The code set defaults to $MEDCODE_CODESET or build/codesets/icd10cm-2026.mcs.\n",
      f);
  return f == stdout ? 0 : 2;
}

int Fail(const Error& e) {
  std::fprintf(stderr, "coder: %s: %s\n", ErrorCodeName(e.code), e.message.c_str());
  return 1;
}

std::string Pad(std::string s, size_t w) {
  if (s.size() < w) s.append(w - s.size(), ' ');
  return s;
}

json DetailJson(const CodeSet& cs, const CodeDetail& d) {
  json j;
  j["code"] = d.code;
  j["title"] = d.title;
  j["short_title"] = d.short_title;
  j["billable"] = d.billable;
  j["new_this_year"] = d.new_this_year;
  j["revised_this_year"] = d.revised_this_year;
  if (!d.deleted_note.empty()) j["deleted_note"] = d.deleted_note;
  j["codeset"] = {{"system", cs.meta().system}, {"year", cs.meta().year}, {"label", cs.meta().label}};
  j["hierarchy"] = json::array();
  for (const auto& h : d.hierarchy) j["hierarchy"].push_back({{"level", h.level}, {"code", h.code}, {"title", h.title}});
  j["notes"] = json::array();
  for (const auto& n : d.notes) {
    json refs = json::array();
    for (const auto& r : n.refs) refs.push_back({{"first", r.first}, {"last", r.last}});
    j["notes"].push_back({{"kind", n.kind}, {"text", n.text}, {"from", n.from}, {"from_level", n.from_level},
                          {"inherited", n.inherited}, {"source", n.source}, {"source_year", n.source_year}, {"refs", refs}});
  }
  if (d.seventh) {
    json chars = json::array();
    for (const auto& c : d.seventh->chars) chars.push_back({{"char", std::string(1, c.ch)}, {"meaning", c.meaning}});
    j["seventh"] = {{"declared_at", d.seventh->declared_at}, {"source", d.seventh->source}, {"chars", chars}};
  }
  j["children"] = json::array();
  for (const auto& c : d.children) j["children"].push_back({{"code", c.code}, {"title", c.title}, {"billable", c.billable}});
  return j;
}

int CmdLookup(const CodeSet& cs, std::vector<std::string> args) {
  bool as_json = false;
  std::string code;
  for (auto& a : args) {
    if (a == "--json") as_json = true;
    else if (code.empty()) code = a;
    else return Usage(stderr);
  }
  if (code.empty()) return Usage(stderr);
  auto d = Lookup(cs, code);
  if (!d) return Fail(d.error());
  if (as_json) {
    std::cout << DetailJson(cs, *d).dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return 0;
  }
  const auto& m = cs.meta();
  std::printf("%s  %s\n", d->code.c_str(), d->title.c_str());
  std::printf("  %s   %s (effective %s to %s)\n", d->billable ? "billable" : "header (not billable)", m.label.c_str(),
              m.effective_from.c_str(), m.effective_to.c_str());
  if (d->new_this_year) std::printf("  new in FY%d\n", m.year);
  if (d->revised_this_year) std::printf("  title revised in FY%d\n", m.year);
  if (!d->deleted_note.empty()) std::printf("  note: %s\n", d->deleted_note.c_str());
  std::printf("Hierarchy:\n");
  for (const auto& h : d->hierarchy) {
    std::printf("  %s %s\n", Pad(h.level + " " + h.code, 22).c_str(), h.title.c_str());
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

int CmdSearch(const CodeSet& cs, std::vector<std::string> args) {
  uint32_t limit = 20;
  bool batch = false, as_json = false, why = false;
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
    } else {
      if (!query.empty()) query += ' ';
      query += args[i];
    }
  }
  Searcher searcher(cs);
  if (batch) {
    std::string line;
    int errors = 0;
    while (std::getline(std::cin, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      auto r = searcher.Search(line, {limit});
      if (!r) {
        std::fprintf(stderr, "coder: query \"%.60s\": %s\n", line.c_str(), r.error().message.c_str());
        ++errors;
        std::fputc('\n', stdout);  // keep one output line per input line
        continue;
      }
      std::string out;
      for (size_t k = 0; k < r->hits.size(); ++k) {
        if (k) out += '\t';
        out += cs.Dotted(r->hits[k].code);
      }
      out += '\n';
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return errors ? 1 : 0;
  }
  if (query.empty()) return Usage(stderr);
  auto r = searcher.Search(query, {limit});
  if (!r) return Fail(r.error());
  if (as_json) {
    json j;
    j["query"] = query;
    j["codeset"] = cs.meta().label;
    j["total"] = r->total;
    j["unknown_words"] = r->unknown;
    j["words"] = json::array();
    for (const auto& w : r->words) j["words"].push_back({{"text", w.text}, {"use", WordUseName(w.use)}, {"used", w.used}});
    j["results"] = json::array();
    for (const auto& h : r->hits) {
      j["results"].push_back({{"code", cs.Dotted(h.code)}, {"title", cs.title(h.code)}, {"billable", cs.billable(h.code)},
                              {"year", cs.meta().year}, {"score", h.score}, {"why", Explain(cs, *r, h)}});
    }
    std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return 0;
  }
  bool words = !r->hits.empty() && r->hits[0].kind == MatchKind::kWords;
  std::printf("%zu results for \"%s\" in %s (%u %s)\n", r->hits.size(), query.c_str(), cs.meta().label.c_str(), r->total,
              words ? "codes match every word found" : "codes start with it");
  if (!r->unknown.empty()) {
    std::string u;
    for (auto& w : r->unknown) u += (u.empty() ? "" : ", ") + w;
    std::printf("no code contains: %s\n", u.c_str());
  }
  for (const auto& w : r->words) {
    if (w.use == WordUse::kCorrected) std::printf("read \"%s\" as: %s\n", w.text.c_str(), w.used.c_str());
    if (w.use == WordUse::kExpanded) std::printf("read \"%s\" as: %s\n", w.text.c_str(), w.used.c_str());
  }
  if (r->hits.empty()) return 0;
  std::printf("%s %s %s\n", Pad("CODE", 9).c_str(), "B", "TITLE (B: * = billable)");
  for (const auto& h : r->hits) {
    std::printf("%s %s %s\n", Pad(cs.Dotted(h.code), 9).c_str(), cs.billable(h.code) ? "*" : " ",
                std::string(cs.title(h.code)).c_str());
    if (why) std::printf("            %s\n", Explain(cs, *r, h).c_str());
  }
  return 0;
}

int CmdValidate(const CodeSet& cs, const std::vector<std::string>& args) {
  if (args.empty()) return Usage(stderr);
  int bad = 0;
  for (const auto& a : args) {
    Validation v = Validate(cs, a);
    std::printf("%s\t%s\t%s\n", a.c_str(), CodeStatusName(v.status), v.message.c_str());
    if (v.status != CodeStatus::kValid) ++bad;
  }
  return bad ? 1 : 0;
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
  std::printf("%s: %s, effective %s to %s\n", path.c_str(), m.label.c_str(), m.effective_from.c_str(), m.effective_to.c_str());
  std::printf("  format 1.%u, %zu bytes, %u codes\n", cs.format_minor(), cs.byte_size(), cs.size());
  std::printf("  built from:\n");
  for (const auto& in : m.inputs) {
    std::printf("    %-11s %s (FY%d, %s)\n                %s\n                sha256 %s\n", in.role.c_str(), in.name.c_str(),
                in.year, in.kind.c_str(), in.path.c_str(), in.sha256.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string path;
  if (args.size() >= 2 && args[0] == "--codeset") {
    path = args[1];
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.empty()) return Usage(stderr);
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") return Usage(stdout);
  if (path.empty()) path = DefaultCodeset();
  std::string cmd = args[0];
  args.erase(args.begin());
  if (cmd != "lookup" && cmd != "search" && cmd != "validate" && cmd != "info" && cmd != "export") {
    std::fprintf(stderr, "coder: unknown command '%s'\n", cmd.c_str());
    return Usage(stderr);
  }
  MappedFile file;
  auto bytes = file.Open(path);
  if (!bytes) return Fail(bytes.error());
  auto cs = CodeSet::Open(*bytes);
  if (!cs) {
    std::fprintf(stderr, "coder: %s: %s: %s\n", path.c_str(), ErrorCodeName(cs.error().code), cs.error().message.c_str());
    return 1;
  }
  if (cmd == "lookup") return CmdLookup(*cs, args);
  if (cmd == "search") return CmdSearch(*cs, args);
  if (cmd == "validate") return CmdValidate(*cs, args);
  if (cmd == "export") return CmdExport(*cs, args);
  return CmdInfo(*cs, path);
}
