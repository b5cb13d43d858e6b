// Claim results as JSON (one line per claim), a readable report, and CSV.
#include <cstdio>
#include <string>

#include "medcode/claims.h"

namespace medcode::claims {

namespace {

void Escape(std::string& o, std::string_view s) {
  o += '"';
  size_t run = 0;  // start of the current run of characters that need no escaping
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    o.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      default: {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", c);
        o += buf;
      }
    }
  }
  o.append(s.data() + run, s.size() - run);
  o += '"';
}

void Key(std::string& o, const char* k) {
  o += '"';
  o += k;
  o += "\":";
}

// ,"key":"value" (a member after the first).
void StringMember(std::string& o, const char* key, std::string_view value) {
  o += ',';
  Key(o, key);
  Escape(o, value);
}

void CsvCell(std::string& o, std::string_view s) {
  bool quote = s.find_first_of(",\"\n\r") != std::string_view::npos;
  // A cell starting with = + - @ could run as a formula in a spreadsheet: prefix a quote.
  bool formula = !s.empty() && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@');
  if (!quote && !formula) {
    o += s;
    return;
  }
  o += '"';
  if (formula) o += '\'';
  for (char c : s) {
    if (c == '"') o += '"';
    o += c;
  }
  o += '"';
}

std::string Lines(const std::vector<uint16_t>& lines, const char* sep) {
  std::string s;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) s += sep;
    s += std::to_string(lines[i]);
  }
  return s;
}

std::string Numbered(size_t n) {
  std::string s = "#";
  s += std::to_string(n);
  return s;
}

}  // namespace

std::string ResultJson(const ClaimResult& r) {
  std::string o;
  o.reserve(256 + r.findings.size() * 400);
  o += '{';
  Key(o, "claim_id");
  if (r.has_claim_id) Escape(o, r.claim_id);
  else o += "null";
  o += ',';
  Key(o, "findings");
  o += '[';
  for (size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    if (i) o += ',';
    o += '{';
    Key(o, "kind");
    Escape(o, KindName(f.kind));
    o += ',';
    Key(o, "severity");
    Escape(o, SeverityName(f.severity));
    o += ',';
    Key(o, "lines");
    o += '[';
    o += Lines(f.lines, ",");
    o += ']';
    o += ',';
    Key(o, "codes");
    o += '[';
    for (size_t k = 0; k < f.codes.size(); ++k) {
      if (k) o += ',';
      Escape(o, f.codes[k]);
    }
    o += ']';
    StringMember(o, "message", f.message);
    StringMember(o, "action", f.action);
    StringMember(o, "source", f.source);
    StringMember(o, "rule", f.rule);
    if (!f.path.empty()) StringMember(o, "path", f.path);
    if (f.date) {
      o += ',';
      Key(o, "date_of_service");
      Escape(o, FormatDate(f.date));
    }
    o += '}';
  }
  o += "],";
  Key(o, "summary");
  o += "{\"errors\":" + std::to_string(r.errors) + ",\"warnings\":" + std::to_string(r.warnings) +
       ",\"info\":" + std::to_string(r.infos) + "}}";
  return o;
}

std::string ResultText(const ClaimResult& r, const Claim* c) {
  std::string o = "Claim " + (r.has_claim_id ? r.claim_id : Numbered(r.input_index + 1));
  if (c && c->date_of_service.value) o += " (" + FormatDate(c->date_of_service.value) + ")";
  o += ": ";
  auto count = [](int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); };
  o += count(r.errors, "error", "errors") + ", " + count(r.warnings, "warning", "warnings") + ", " + count(r.infos, "note", "notes");
  o += r.errors == 0 && r.warnings == 0 ? " - no problems found\n" : "\n";
  for (const Finding& f : r.findings) {
    const char* sev = f.severity == Severity::kError ? "ERROR  " : f.severity == Severity::kWarning ? "WARNING" : "NOTE   ";
    o += "  ";
    o += sev;
    o += " ";
    o += KindName(f.kind);
    if (!f.lines.empty()) o += (f.lines.size() == 1 ? "  line " : "  lines ") + Lines(f.lines, ", ");
    if (!f.path.empty()) o += "  at " + f.path;
    o += "\n    " + f.message + "\n";
    if (!f.action.empty()) o += "    What to do: " + f.action + "\n";
    o += "    Source: " + f.source;
    if (!f.rule.empty()) o += " (" + f.rule + ")";
    o += "\n";
  }
  return o;
}

std::string FindingsCsv(const ClaimResult& r, bool header) {
  std::string o;
  if (header) o += "claim_id,severity,kind,lines,codes,message,action,source,rule,path,date_of_service\n";
  for (const Finding& f : r.findings) {
    CsvCell(o, r.has_claim_id ? r.claim_id : Numbered(r.input_index + 1));
    o += ',';
    o += SeverityName(f.severity);
    o += ',';
    o += KindName(f.kind);
    o += ',';
    CsvCell(o, Lines(f.lines, " "));
    o += ',';
    std::string codes;
    for (size_t k = 0; k < f.codes.size(); ++k) {
      if (k) codes += ' ';
      codes += f.codes[k];
    }
    CsvCell(o, codes);
    o += ',';
    CsvCell(o, f.message);
    o += ',';
    CsvCell(o, f.action);
    o += ',';
    CsvCell(o, f.source);
    o += ',';
    CsvCell(o, f.rule);
    o += ',';
    CsvCell(o, f.path);
    o += ',';
    o += FormatDate(f.date);
    o += '\n';
  }
  return o;
}

}  // namespace medcode::claims
