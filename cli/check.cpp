// coder check: claim pre-checks on the command line (see README "Claim pre-checks").
//
//   coder check [--edits FILE] [--json] [--today YYYY-MM-DD] FILE     FILE: .json, .ndjson/.jsonl or .csv ("-" = stdin, JSON)
//   coder check --batch [--csv] [--edits FILE] [--today YYYY-MM-DD]  NDJSON (or CSV) claims on stdin ->
//                                                                      NDJSON results on stdout, one line per claim, in input order
#include "check.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "mapped_file.h"
#include "medcode/claims.h"
#include "medcode/edits.h"

namespace medcode::cli {

namespace {

std::string DefaultEdits() {
  if (const char* env = std::getenv("MEDCODE_EDITS"); env && *env) return env;
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    auto p = exe.parent_path().parent_path().parent_path() / "codesets" / "edits-2026.mcs";
    if (std::filesystem::exists(p)) return p.string();
  }
  return "build/codesets/edits-2026.mcs";
}

bool ReadAll(FILE* f, std::string& out) {
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return !std::ferror(f);
}

bool EndsWith(const std::string& s, const char* suf) {
  size_t n = std::strlen(suf);
  return s.size() >= n && s.compare(s.size() - n, n, suf) == 0;
}

int Usage() {
  std::fputs("usage: coder check [--edits FILE] [--json] [--today YYYY-MM-DD] FILE   (.json, .ndjson/.jsonl, .csv; - = stdin)\n"
             "       coder check --batch [--csv] [--edits FILE] [--today YYYY-MM-DD]  (NDJSON claims on stdin -> NDJSON results)\n",
             stderr);
  return 2;
}

}  // namespace

int RunCheck(const CodeSet& icd, const std::vector<std::string>& args) {
  std::string edits_path, file, today_text;
  bool batch = false, csv = false, as_json = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--edits" && i + 1 < args.size()) edits_path = args[++i];
    else if (a == "--today" && i + 1 < args.size()) today_text = args[++i];
    else if (a == "--batch") batch = true;
    else if (a == "--csv") csv = true;
    else if (a == "--json") as_json = true;
    else if (a == "-" || (!a.empty() && a[0] != '-')) {
      if (!file.empty()) return Usage();
      file = a;
    } else {
      std::fprintf(stderr, "coder: check: unknown option %s\n", a.c_str());
      return Usage();
    }
  }
  if (batch == !file.empty()) return Usage();
  claims::Options opt;
  if (!today_text.empty()) {
    opt.today = ParseIsoDate(today_text);
    if (!opt.today) {
      std::fprintf(stderr, "coder: --today must be a date (YYYY-MM-DD), not \"%s\"\n", today_text.c_str());
      return 2;
    }
  }
  if (edits_path.empty()) edits_path = DefaultEdits();
  MappedFile mapped;
  auto bytes = mapped.Open(edits_path, "claim-edits");
  if (!bytes) {
    std::fprintf(stderr, "coder: %s: %s\n", ErrorCodeName(bytes.error().code), bytes.error().message.c_str());
    return 1;
  }
  auto edits = EditSet::Open(*bytes);
  if (!edits) {
    std::fprintf(stderr, "coder: %s: %s: %s\n", edits_path.c_str(), ErrorCodeName(edits.error().code), edits.error().message.c_str());
    return 1;
  }
  claims::Checker checker(icd, *edits, opt);

  if (batch) {
    std::string out;
    out.reserve(1 << 20);
    claims::ClaimResult r;
    auto flush = [&](bool force) {
      if (out.size() >= (1 << 20) || (force && !out.empty())) {
        std::fwrite(out.data(), 1, out.size(), stdout);
        out.clear();
      }
    };
    if (csv) {
      std::string text;
      if (!ReadAll(stdin, text)) {
        std::fprintf(stderr, "coder: cannot read stdin\n");
        return 1;
      }
      claims::ClaimStream stream(text, claims::InputFormat::kCsv);
      std::vector<claims::Claim> some;
      while (stream.Next(some, 1000)) {
        for (const auto& c : some) {
          checker.Check(c, r);
          out += claims::ResultJson(r);
          out += '\n';
        }
        some.clear();
        flush(false);
      }
      flush(true);
      return 0;
    }
    std::ios::sync_with_stdio(false);
    std::string line;
    size_t lineno = 0;
    std::vector<claims::Claim> cs;
    while (std::getline(std::cin, line)) {
      ++lineno;
      bool blank = line.find_first_not_of(" \t\r") == std::string::npos;
      if (blank) continue;
      cs.clear();
      claims::ParseJsonInto(line, cs, lineno, true);
      for (auto& c : cs) {
        if (c.unreadable && !c.findings.empty() && c.findings[0].message.starts_with("not valid JSON at line ")) {
          std::string& m = c.findings[0].message;
          size_t col = m.find(", column ");
          m = "input line " + std::to_string(lineno) + " is not valid JSON (column " + m.substr(col + 9, m.find(':', col) - col - 9) +
              "): " + m.substr(m.find(": ") + 2);
        }
        checker.Check(c, r);
        out += claims::ResultJson(r);
        out += '\n';
      }
      flush(false);
    }
    flush(true);
    return 0;
  }

  std::string text;
  if (file == "-") {
    if (!ReadAll(stdin, text)) {
      std::fprintf(stderr, "coder: cannot read stdin\n");
      return 1;
    }
  } else {
    FILE* f = std::fopen(file.c_str(), "rb");
    if (!f) {
      std::fprintf(stderr, "coder: IO: cannot open %s: %s\n", file.c_str(), std::strerror(errno));
      return 1;
    }
    bool ok = ReadAll(f, text);
    std::fclose(f);
    if (!ok) {
      std::fprintf(stderr, "coder: IO: cannot read %s\n", file.c_str());
      return 1;
    }
  }
  const claims::InputFormat format = csv || EndsWith(file, ".csv")                                ? claims::InputFormat::kCsv
                                     : EndsWith(file, ".ndjson") || EndsWith(file, ".jsonl") ? claims::InputFormat::kNdjson
                                                                                              : claims::InputFormat::kJson;
  claims::ClaimStream stream(text, format);
  std::vector<claims::Claim> cs;
  int errors = 0;
  bool first = true;
  while (stream.Next(cs, 1000)) {
    if (first && !as_json) {
      const auto& m = edits->meta();
      std::printf("Checked against %s and %s (today %s)\n\n", icd.meta().label.c_str(), m.label.c_str(),
                  FormatDate(checker.today()).c_str());
    }
    first = false;
    for (const auto& c : cs) {
      claims::ClaimResult r = checker.Check(c);
      errors += r.errors;
      if (as_json) std::printf("%s\n", claims::ResultJson(r).c_str());
      else std::printf("%s\n", claims::ResultText(r, &c).c_str());
    }
    cs.clear();
  }
  return errors ? 1 : 0;
}

}  // namespace medcode::cli
