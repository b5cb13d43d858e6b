// Claim input: a small strict JSON reader (RFC 8259, UTF-8 checked, depth limited) that
// maps claims field by field with the path of every problem, NDJSON, and CSV.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <memory>
#include <unordered_set>
#include <optional>
#include <string>

#include "medcode/claims.h"

#include "ascii.h"
#include "csv.h"

namespace medcode::claims {

namespace {

constexpr uint32_t kNone = 0xFFFFFFFFu;
constexpr int kMaxDepth = 32;
constexpr size_t kMaxClaimBytes = 1u << 20;  // one claim's JSON text
constexpr size_t kMaxLines = 1000;           // service lines read per claim (more: a syntax error)
constexpr size_t kMaxDiagnoses = 100;
constexpr size_t kMaxModifiers = 20;

// ---------------------------------------------------------------------------------------
// JSON

struct JVal {
  enum Type : uint8_t { kNull, kFalse, kTrue, kNum, kStr, kArr, kObj } type = kNull;
  uint32_t first = kNone;  // first child (arrays, objects)
  uint32_t next = kNone;   // next sibling
  uint32_t count = 0;
  uint32_t offset = 0;     // byte offset in the text (for messages)
  std::string_view key;    // object member name
  std::string_view str;    // string value; number text for numbers
  double num = 0;
};

class JsonDoc {
 public:
  // Parses one value starting at pos (after whitespace). Returns false with error_ set.
  bool Parse(std::string_view text, size_t& pos) {
    text_ = text;
    nodes_.clear();
    arena_.clear();
    error_.clear();
    p_ = pos;
    Ws();
    if (p_ >= text_.size()) return Fail("no JSON value");
    uint32_t root = Value(0);
    if (root == kNone) {
      pos = p_;
      return false;
    }
    pos = p_;
    return true;
  }
  const JVal& node(uint32_t i) const { return nodes_[i]; }
  const std::string& error() const { return error_; }
  size_t error_offset() const { return err_off_; }

 private:
  bool Fail(const std::string& msg) {
    if (error_.empty()) {
      error_ = msg;
      err_off_ = p_;
    }
    return false;
  }
  void Ws() {
    while (p_ < text_.size() && (text_[p_] == ' ' || text_[p_] == '\t' || text_[p_] == '\n' || text_[p_] == '\r')) ++p_;
  }
  uint32_t Add(JVal v) {
    nodes_.push_back(v);
    return static_cast<uint32_t>(nodes_.size() - 1);
  }
  // After a member or element: links `child` after `last` in container `self`, then reads
  // ',' (another follows) or `closer` (the container ends); anything else fails.
  enum Step { kMore, kClosed, kFailed };
  Step Append(uint32_t self, uint32_t& last, uint32_t child, char closer, const char* error) {
    if (last == kNone) nodes_[self].first = child;
    else nodes_[last].next = child;
    last = child;
    ++nodes_[self].count;
    Ws();
    if (p_ < text_.size() && text_[p_] == ',') {
      ++p_;
      return kMore;
    }
    if (p_ < text_.size() && text_[p_] == closer) {
      ++p_;
      return kClosed;
    }
    Fail(error);
    return kFailed;
  }

  uint32_t Value(int depth) {
    if (depth > kMaxDepth) {
      Fail("nested more than " + std::to_string(kMaxDepth) + " levels deep");
      return kNone;
    }
    Ws();
    if (p_ >= text_.size()) {
      Fail("unexpected end of input");
      return kNone;
    }
    char c = text_[p_];
    JVal v;
    v.offset = static_cast<uint32_t>(p_);
    if (c == '{' || c == '[') {
      // An object's members are "name": value; an array's elements are values.
      const bool obj = c == '{';
      const char closer = obj ? '}' : ']';
      ++p_;
      v.type = obj ? JVal::kObj : JVal::kArr;
      uint32_t self = Add(v);
      Ws();
      if (p_ < text_.size() && text_[p_] == closer) {
        ++p_;
        return self;
      }
      uint32_t last = kNone;
      while (true) {
        std::string_view key;
        if (obj) {
          Ws();
          if (p_ >= text_.size() || text_[p_] != '"') {
            Fail("expected a quoted member name");
            return kNone;
          }
          if (!String(key)) return kNone;
          Ws();
          if (p_ >= text_.size() || text_[p_] != ':') {
            Fail("expected ':' after a member name");
            return kNone;
          }
          ++p_;
        }
        uint32_t child = Value(depth + 1);
        if (child == kNone) return kNone;
        if (obj) nodes_[child].key = key;
        Step step = Append(self, last, child, closer, obj ? "expected ',' or '}' in an object" : "expected ',' or ']' in an array");
        if (step == kMore) continue;
        return step == kClosed ? self : kNone;
      }
    }
    if (c == '"') {
      v.type = JVal::kStr;
      if (!String(v.str)) return kNone;
      return Add(v);
    }
    if (c == 't' || c == 'f' || c == 'n') {
      std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
      if (text_.substr(p_, word.size()) != word) {
        Fail("unexpected character '" + std::string(1, c) + "'");
        return kNone;
      }
      p_ += word.size();
      v.type = c == 't' ? JVal::kTrue : c == 'f' ? JVal::kFalse : JVal::kNull;
      return Add(v);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      size_t s = p_;
      if (text_[p_] == '-') ++p_;
      if (p_ >= text_.size() || !(text_[p_] >= '0' && text_[p_] <= '9')) {
        Fail("invalid number");
        return kNone;
      }
      if (text_[p_] == '0') ++p_;
      else while (p_ < text_.size() && text_[p_] >= '0' && text_[p_] <= '9') ++p_;
      if (p_ < text_.size() && text_[p_] == '.') {
        ++p_;
        if (p_ >= text_.size() || !(text_[p_] >= '0' && text_[p_] <= '9')) {
          Fail("invalid number");
          return kNone;
        }
        while (p_ < text_.size() && text_[p_] >= '0' && text_[p_] <= '9') ++p_;
      }
      if (p_ < text_.size() && (text_[p_] == 'e' || text_[p_] == 'E')) {
        ++p_;
        if (p_ < text_.size() && (text_[p_] == '+' || text_[p_] == '-')) ++p_;
        if (p_ >= text_.size() || !(text_[p_] >= '0' && text_[p_] <= '9')) {
          Fail("invalid number");
          return kNone;
        }
        while (p_ < text_.size() && text_[p_] >= '0' && text_[p_] <= '9') ++p_;
      }
      v.type = JVal::kNum;
      v.str = text_.substr(s, p_ - s);
      v.num = Number(v.str);
      return Add(v);
    }
    Fail(c < 0x20 || c > 0x7E ? "unexpected byte" : "unexpected character '" + std::string(1, c) + "'");
    return kNone;
  }

  // A JSON number's value. Plain decimals with at most 15 digits (units, charges, ages) are
  // exact as integer / power of ten; anything else goes through strtod.
  static double Number(std::string_view t) {
    static constexpr double kPow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    size_t i = 0;
    bool neg = false;
    if (i < t.size() && t[i] == '-') {
      neg = true;
      ++i;
    }
    uint64_t m = 0;
    int digits = 0, frac = 0;
    bool dot = false;
    for (; i < t.size(); ++i) {
      char c = t[i];
      if (c >= '0' && c <= '9') {
        if (++digits > 15) break;
        m = m * 10 + static_cast<uint64_t>(c - '0');
        if (dot) ++frac;
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        break;
      }
    }
    if (i == t.size() && digits <= 15) {
      double v = static_cast<double>(m) / kPow10[frac];
      return neg ? -v : v;
    }
    char buf[64];
    size_t n = std::min(t.size(), sizeof buf - 1);
    std::memcpy(buf, t.data(), n);
    buf[n] = 0;
    return std::strtod(buf, nullptr);
  }

  static bool Utf8(std::string_view s) {
    size_t i = 0, n = s.size();
    while (i < n) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c < 0x80) {
        ++i;
        continue;
      }
      size_t len;
      if (c >= 0xC2 && c <= 0xDF) len = 2;
      else if (c >= 0xE0 && c <= 0xEF) len = 3;
      else if (c >= 0xF0 && c <= 0xF4) len = 4;
      else return false;
      if (i + len > n) return false;
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      if ((c1 & 0xC0) != 0x80) return false;
      if (c == 0xE0 && c1 < 0xA0) return false;  // overlong
      if (c == 0xED && c1 > 0x9F) return false;  // UTF-16 surrogates
      if (c == 0xF0 && c1 < 0x90) return false;  // overlong
      if (c == 0xF4 && c1 > 0x8F) return false;  // above U+10FFFF
      for (size_t k = 2; k < len; ++k) {
        if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
      }
      i += len;
    }
    return true;
  }

  static void PutUtf8(std::string& o, uint32_t cp) {
    if (cp < 0x80) {
      o += static_cast<char>(cp);
    } else if (cp < 0x800) {
      o += static_cast<char>(0xC0 | (cp >> 6));
      o += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      o += static_cast<char>(0xE0 | (cp >> 12));
      o += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      o += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      o += static_cast<char>(0xF0 | (cp >> 18));
      o += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      o += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      o += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool Hex4(uint32_t& v) {
    if (p_ + 4 > text_.size()) return Fail("truncated \\u escape");
    v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[p_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else return Fail("invalid \\u escape");
    }
    return true;
  }

  bool String(std::string_view& out) {
    ++p_;  // opening quote
    size_t s = p_;
    bool escaped = false;
    unsigned char high = 0;  // any byte above 0x7F: only then is the UTF-8 checked
    while (p_ < text_.size()) {
      char c = text_[p_];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character inside a string");
      if (c == '\\') {
        escaped = true;
        if (p_ + 1 < text_.size()) high |= static_cast<unsigned char>(text_[p_ + 1]);
        p_ += 2;
        continue;
      }
      high |= static_cast<unsigned char>(c);
      ++p_;
    }
    if (p_ >= text_.size()) return Fail("unterminated string");
    std::string_view raw = text_.substr(s, p_ - s);
    ++p_;
    if ((high & 0x80) && !Utf8(raw)) {
      p_ = s;
      return Fail("a string is not valid UTF-8");
    }
    if (!escaped) {
      out = raw;
      return true;
    }
    std::string& o = arena_.emplace_back();
    size_t save = p_;
    p_ = s;
    while (p_ < s + raw.size()) {
      char c = text_[p_++];
      if (c != '\\') {
        o += c;
        continue;
      }
      if (p_ >= text_.size()) return Fail("truncated escape");
      char e = text_[p_++];
      // JSON's one-letter escapes, and the characters they stand for.
      static constexpr std::string_view kLetters = "\"\\/bfnrt", kChars = "\"\\/\b\f\n\r\t";
      if (size_t k = kLetters.find(e); k != std::string_view::npos) {
        o += kChars[k];
        continue;
      }
      if (e != 'u') return Fail(std::string("invalid escape \\") + e);
      uint32_t cp;
      if (!Hex4(cp)) return false;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        uint32_t lo;
        if (p_ + 2 > text_.size() || text_[p_] != '\\' || text_[p_ + 1] != 'u') return Fail("unpaired surrogate in \\u escape");
        p_ += 2;
        if (!Hex4(lo)) return false;
        if (lo < 0xDC00 || lo > 0xDFFF) return Fail("unpaired surrogate in \\u escape");
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return Fail("unpaired surrogate in \\u escape");
      }
      PutUtf8(o, cp);
    }
    p_ = save;
    out = o;
    return true;
  }

  std::string_view text_;
  std::vector<JVal> nodes_;
  std::deque<std::string> arena_;
  std::string error_;
  size_t err_off_ = 0;
  size_t p_ = 0;
};

// ---------------------------------------------------------------------------------------
// Mapping values onto a claim

std::string Shorten(std::string_view s, size_t max = 40) {
  std::string o(s.substr(0, max));
  if (s.size() > max) o += "...";
  return o;
}

void AddSyntax(Claim& c, Severity sev, std::string path, std::string message, std::string action = {}) {
  Finding f;
  f.kind = Kind::kSyntax;
  f.severity = sev;
  f.path = std::move(path);
  f.message = std::move(message);
  f.action = std::move(action);
  f.source = "claim input";
  f.rule = "input format (README: Claim pre-checks)";
  c.findings.push_back(std::move(f));
}

const char* TypeName(JVal::Type t) {
  switch (t) {
    case JVal::kNull: return "null";
    case JVal::kFalse:
    case JVal::kTrue: return "a boolean";
    case JVal::kNum: return "a number";
    case JVal::kStr: return "a string";
    case JVal::kArr: return "an array";
    case JVal::kObj: return "an object";
  }
  return "?";
}

// "2026-05-01" or "05/01/2026" -> 20260501; 0 if neither.
uint32_t ParseDateText(std::string_view s) {
  s = ascii::Trim(s);
  if (uint32_t d = ParseIsoDate(s)) return d;
  if (s.size() == 10 && s[2] == '/' && s[5] == '/') {
    std::string iso = std::string(s.substr(6, 4)) + "-" + std::string(s.substr(0, 2)) + "-" + std::string(s.substr(3, 2));
    return ParseIsoDate(iso);
  }
  return 0;
}

DateField MakeDate(std::string_view s) {
  DateField d;
  d.text = std::string(ascii::Trim(s));
  d.value = ParseDateText(d.text);
  return d;
}

bool ParseNumber(std::string_view s, double& out) {
  s = ascii::Trim(s);
  if (s.empty() || s.size() > 40) return false;
  char buf[48];
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = 0;
  char* end = nullptr;
  out = std::strtod(buf, &end);
  return end == buf + s.size() && std::isfinite(out);
}

edits_format::Setting SettingFrom(std::string_view s, bool& ok) {
  ok = true;
  std::string v = ascii::Upper(ascii::Trim(s));
  if (v == "PRACTITIONER" || v == "PROFESSIONAL") return edits_format::Setting::kPractitioner;
  if (v == "OUTPATIENT-HOSPITAL" || v == "OUTPATIENT HOSPITAL") return edits_format::Setting::kOutpatientHospital;
  if (v == "DME-SUPPLIER" || v == "DME") return edits_format::Setting::kDmeSupplier;
  ok = false;
  return edits_format::Setting::kPractitioner;
}

// A diagnosis pointer: "A".."L" or 1..12 -> 0..11; -1 if not.
int PointerIndex(std::string_view s) {
  s = ascii::Trim(s);
  if (s.size() == 1 && ((s[0] >= 'A' && s[0] <= 'L') || (s[0] >= 'a' && s[0] <= 'l'))) return (s[0] | 0x20) - 'a';
  if (s.size() == 1 && s[0] >= '1' && s[0] <= '9') return s[0] - '1';
  if (s.size() == 2 && s[0] == '1' && s[1] >= '0' && s[1] <= '2') return 9 + (s[1] - '0');
  return -1;
}

// Splits "25 59", "25,59", "25;59", "25:59" (modifier lists typed in a form or a CSV cell).
std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : s) {
    if (ch == ' ' || ch == ',' || ch == ';' || ch == ':' || ch == '|' || ch == '\t') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += ch;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

// "AB" or "A B" or "A,B" or "1,2" -> {"A", "B"}.
std::vector<std::string> SplitPointers(std::string_view s) {
  std::vector<std::string> parts = SplitList(s);
  if (parts.size() == 1 && parts[0].size() > 1 && parts[0].size() <= 12) {
    bool letters = std::all_of(parts[0].begin(), parts[0].end(), [](char c) { return (c >= 'A' && c <= 'L') || (c >= 'a' && c <= 'l'); });
    if (letters) {
      std::vector<std::string> each;
      for (char c : parts[0]) each.emplace_back(1, c);
      return each;
    }
  }
  return parts;
}

// Where a value is in a claim ("lines[2].units"), built as text only for a message.
struct Path {
  std::string_view a;
  int index = -1;
  std::string_view b;
  Path(std::string_view a_, int index_ = -1, std::string_view b_ = {}) : a(a_), index(index_), b(b_) {}
  std::string str() const {
    std::string s(a);
    if (index >= 0) s += "[" + std::to_string(index) + "]";
    if (!b.empty()) {
      s += '.';
      s += b;
    }
    return s;
  }
  operator std::string() const { return str(); }  // NOLINT: used where a path string is needed
};
std::string operator+(const Path& p, const char* s) { return p.str() + s; }

class Mapper {
 public:
  Mapper(const JsonDoc& doc, Claim& c) : d_(doc), c_(c) {}

  void MapClaim(uint32_t root) {
    const JVal& r = d_.node(root);
    if (r.type != JVal::kObj) {
      c_.unreadable = true;
      AddSyntax(c_, Severity::kError, "", std::string("a claim must be a JSON object, not ") + TypeName(r.type),
                "write each claim as { \"claim_id\": ..., \"diagnoses\": [...], \"lines\": [...] }");
      return;
    }
    for (uint32_t k = r.first; k != kNone; k = d_.node(k).next) {
      const JVal& v = d_.node(k);
      const std::string_view key = v.key;  // no allocation per member: a std::string only for a message
      bool twice = false;                  // a member before this one has its name
      for (uint32_t b = r.first; b != k && !twice; b = d_.node(b).next) twice = d_.node(b).key == key;
      if (twice) {
        AddSyntax(c_, Severity::kWarning, std::string(key), "\"" + Shorten(key) + "\" is given twice; the last value is used");
      }
      if (key == "claim_id") {
        if (v.type == JVal::kStr) c_.claim_id = std::string(v.str);
        else if (v.type == JVal::kNum) c_.claim_id = std::string(v.str);
        else {
          AddSyntax(c_, Severity::kError, std::string(key), std::string("claim_id must be a string, not ") + TypeName(v.type));
          continue;
        }
        c_.has_claim_id = true;
      } else if (key == "patient") {
        Patient(k);
      } else if (key == "date_of_service") {
        if (auto s = Str(k, Path(key))) c_.date_of_service = MakeDate(*s);
      } else if (key == "place_of_service") {
        if (auto s = Pos(k, Path(key))) c_.place_of_service = *s;
      } else if (key == "billing_npi" || key == "rendering_npi") {
        if (auto s = Npi(k, Path(key))) (key == "billing_npi" ? c_.billing_npi : c_.rendering_npi) = *s;
      } else if (key == "setting") {
        if (auto s = Str(k, Path(key))) {
          bool ok;
          c_.setting = SettingFrom(*s, ok);
          if (!ok) {
            AddSyntax(c_, Severity::kError, std::string(key), "setting \"" + Shorten(*s) + "\" is not practitioner, outpatient-hospital or dme-supplier; practitioner is used",
                      "use \"practitioner\" (default), \"outpatient-hospital\" or \"dme-supplier\"");
          }
        }
      } else if (key == "diagnoses") {
        Diagnoses(k);
      } else if (key == "lines") {
        Lines(k);
      } else {
        AddSyntax(c_, Severity::kInfo, std::string(key), "unknown field \"" + Shorten(key) + "\" is ignored");
      }
    }
  }

 private:
  std::optional<std::string> Str(uint32_t k, const Path& path) {
    const JVal& v = d_.node(k);
    if (v.type == JVal::kStr) return std::string(ascii::Trim(v.str));
    if (v.type == JVal::kNull) return std::nullopt;
    AddSyntax(c_, Severity::kError, path, path + " must be a string, not " + TypeName(v.type));
    return std::nullopt;
  }
  std::optional<std::string> Pos(uint32_t k, const Path& path) {
    const JVal& v = d_.node(k);
    if (v.type == JVal::kNum && v.num >= 1 && v.num <= 99 && v.num == std::floor(v.num)) {
      AddSyntax(c_, Severity::kWarning, path, path + " should be a 2-character string (\"" +
                                                  std::string(v.num < 10 ? "0" : "") + std::string(v.str) + "\"), not a number");
      return std::string(v.num < 10 ? "0" : "") + std::string(v.str);
    }
    return Str(k, path);
  }
  std::optional<std::string> Npi(uint32_t k, const Path& path) {
    const JVal& v = d_.node(k);
    if (v.type == JVal::kNum && v.str.find_first_not_of("0123456789") == std::string_view::npos) {
      AddSyntax(c_, Severity::kWarning, path, path + " should be a string of 10 digits, not a number");
      return std::string(v.str);
    }
    return Str(k, path);
  }
  void Patient(uint32_t k) {
    const JVal& p = d_.node(k);
    if (p.type != JVal::kObj) {
      AddSyntax(c_, Severity::kError, "patient", std::string("patient must be an object, not ") + TypeName(p.type));
      return;
    }
    for (uint32_t m = p.first; m != kNone; m = d_.node(m).next) {
      const JVal& v = d_.node(m);
      Path path("patient", -1, v.key);
      if (v.key == "birth_date") {
        if (auto s = Str(m, path)) c_.birth_date = MakeDate(*s);
      } else if (v.key == "sex") {
        if (auto s = Str(m, path)) {
          std::string u = ascii::Upper(*s);
          if (u == "F" || u == "FEMALE") c_.sex = 'F';
          else if (u == "M" || u == "MALE") c_.sex = 'M';
          else if (u == "U" || u == "UNKNOWN" || u.empty()) c_.sex = 'U';
          else AddSyntax(c_, Severity::kError, path, "patient.sex \"" + Shorten(*s) + "\" is not F, M or U");
        }
      } else if (v.key == "age") {
        if (v.type == JVal::kNum && v.num >= 0 && v.num <= 150 && v.num == std::floor(v.num)) {
          c_.age = static_cast<int>(v.num);
        } else {
          AddSyntax(c_, Severity::kError, path, "patient.age must be a whole number of years from 0 to 150");
        }
      } else {
        AddSyntax(c_, Severity::kInfo, path, "unknown field \"" + Shorten(v.key) + "\" is ignored");
      }
    }
  }
  // Calls each(i, element) for the first `max` elements of array a; past them, an error on
  // `path` says the rest are not read.
  template <class Each>
  void Elements(const JVal& a, const std::string& path, size_t max, const char* what, Each each) {
    size_t i = 0;
    for (uint32_t m = a.first; m != kNone; m = d_.node(m).next, ++i) {
      if (i >= max) {
        AddSyntax(c_, Severity::kError, path, "more than " + std::to_string(max) + " " + what + "; the rest are not read");
        break;
      }
      each(i, d_.node(m));
    }
  }
  void Diagnoses(uint32_t k) {
    const JVal& a = d_.node(k);
    if (a.type != JVal::kArr) {
      if (a.type == JVal::kStr) {
        AddSyntax(c_, Severity::kWarning, "diagnoses", "diagnoses should be an array of codes; the string is split at commas and spaces");
        for (auto& s : SplitList(a.str)) c_.diagnoses.push_back(s);
        return;
      }
      AddSyntax(c_, Severity::kError, "diagnoses", std::string("diagnoses must be an array of codes, not ") + TypeName(a.type));
      return;
    }
    c_.diagnoses.reserve(std::min<size_t>(a.count, kMaxDiagnoses));
    Elements(a, "diagnoses", kMaxDiagnoses, "diagnoses", [&](size_t i, const JVal& v) {
      Path path("diagnoses", static_cast<int>(i));
      if (v.type == JVal::kStr) {
        c_.diagnoses.emplace_back(ascii::Trim(v.str));
        if (c_.diagnoses.back().empty()) AddSyntax(c_, Severity::kError, path, "diagnosis " + std::string(1, char('A' + std::min<size_t>(i, 25))) + " is empty");
      } else {
        AddSyntax(c_, Severity::kError, path, path + " must be a code string, not " + TypeName(v.type));
        c_.diagnoses.emplace_back();  // keeps the letters of the following diagnoses
      }
    });
  }
  void Lines(uint32_t k) {
    const JVal& a = d_.node(k);
    if (a.type != JVal::kArr) {
      AddSyntax(c_, Severity::kError, "lines", std::string("lines must be an array of service lines, not ") + TypeName(a.type));
      return;
    }
    c_.lines.reserve(std::min<size_t>(a.count, kMaxLines));
    Elements(a, "lines", kMaxLines, "service lines", [&](size_t i, const JVal& o) {
      c_.lines.emplace_back();
      Line& ln = c_.lines.back();
      Path base("lines", static_cast<int>(i));
      if (o.type != JVal::kObj) {
        AddSyntax(c_, Severity::kError, base, base + " must be an object, not " + TypeName(o.type));
        return;
      }
      for (uint32_t f = o.first; f != kNone; f = d_.node(f).next) {
        const JVal& v = d_.node(f);
        Path path("lines", static_cast<int>(i), v.key);
        if (v.key == "code") {
          if (auto s = Str(f, path)) ln.code = ascii::Upper(*s);
        } else if (v.key == "modifiers") {
          Modifiers(f, path, ln);
        } else if (v.key == "units") {
          if (v.type == JVal::kNum) {
            ln.units = v.num;
            ln.units_given = true;
          } else if (v.type == JVal::kStr && ParseNumber(v.str, ln.units)) {
            ln.units_given = true;
            AddSyntax(c_, Severity::kWarning, path, path + " should be a number, not a string");
          } else {
            AddSyntax(c_, Severity::kError, path, path + " must be a number of units; 1 is assumed");
            ln.units = 1;
            ln.units_given = true;  // the problem is reported here, not again as "missing"
          }
          if (ln.units <= 0 || ln.units > 99999) {
            AddSyntax(c_, Severity::kError, path, path + " must be more than 0 and at most 99999 (is " + Shorten(v.str) + ")");
          }
        } else if (v.key == "dx_pointers") {
          Pointers(f, path, ln);
        } else if (v.key == "date_of_service") {
          if (auto s = Str(f, path)) ln.date_of_service = MakeDate(*s);
        } else if (v.key == "place_of_service") {
          if (auto s = Pos(f, path)) ln.place_of_service = *s;
        } else if (v.key == "charge") {
          if (v.type == JVal::kNum && v.num >= 0) {
            ln.charge = v.num;
            ln.charge_given = true;
          } else if (v.type == JVal::kStr && ParseNumber(v.str, ln.charge) && ln.charge >= 0) {
            ln.charge_given = true;
            AddSyntax(c_, Severity::kWarning, path, path + " should be a number, not a string");
          } else if (v.type != JVal::kNull) {
            AddSyntax(c_, Severity::kError, path, path + " must be an amount of 0 or more");
          }
        } else {
          AddSyntax(c_, Severity::kInfo, path, "unknown field \"" + Shorten(v.key) + "\" is ignored");
        }
      }
    });
  }
  void Modifiers(uint32_t f, const Path& path, Line& ln) {
    const JVal& v = d_.node(f);
    if (v.type == JVal::kStr) {
      AddSyntax(c_, Severity::kWarning, path, path + " should be an array of modifiers; the string is split at spaces and commas");
      for (auto& s : SplitList(v.str)) ln.modifiers.push_back(ascii::Upper(s));
      return;
    }
    if (v.type == JVal::kNull) return;
    if (v.type != JVal::kArr) {
      AddSyntax(c_, Severity::kError, path, path + " must be an array of modifiers, not " + TypeName(v.type));
      return;
    }
    Elements(v, path, kMaxModifiers, "modifiers", [&](size_t i, const JVal& x) {
      if (x.type == JVal::kStr) ln.modifiers.push_back(ascii::Upper(ascii::Trim(x.str)));
      else if (x.type == JVal::kNum && x.num >= 0 && x.num <= 99 && x.num == std::floor(x.num)) {
        ln.modifiers.push_back((x.num < 10 ? "0" : "") + std::string(x.str));
        AddSyntax(c_, Severity::kWarning, path + "[" + std::to_string(i) + "]", "modifiers should be strings (\"" + ln.modifiers.back() + "\")");
      } else {
        AddSyntax(c_, Severity::kError, path + "[" + std::to_string(i) + "]", std::string("a modifier must be a string, not ") + TypeName(x.type));
      }
    });
  }
  void Pointers(uint32_t f, const Path& path, Line& ln) {
    const JVal& v = d_.node(f);
    auto add = [&](std::string_view s) {
      ln.pointers.push_back(PointerIndex(s));
      if (ln.pointers.back() < 0) ln.bad_pointers.emplace_back(ascii::Trim(s));
    };
    if (v.type == JVal::kStr) {
      auto parts = SplitPointers(v.str);
      if (parts.size() > 1) AddSyntax(c_, Severity::kWarning, path, path + " should be an array ([\"A\", \"B\"]); the string is split");
      for (auto& s : parts) add(s);
      return;
    }
    if (v.type == JVal::kNull) return;
    if (v.type != JVal::kArr) {
      AddSyntax(c_, Severity::kError, path, path + " must be an array of diagnosis letters (\"A\"..\"L\"), not " + TypeName(v.type));
      return;
    }
    ln.pointers.reserve(std::min<size_t>(v.count, 24));  // one allocation per line
    size_t i = 0;
    for (uint32_t m = v.first; m != kNone && i < 24; m = d_.node(m).next, ++i) {
      const JVal& x = d_.node(m);
      if (x.type == JVal::kStr) add(x.str);
      else if (x.type == JVal::kNum) add(x.str);
      else AddSyntax(c_, Severity::kError, path + "[" + std::to_string(i) + "]", std::string("a diagnosis pointer must be a letter A-L, not ") + TypeName(x.type));
    }
  }

  const JsonDoc& d_;
  Claim& c_;
};

void LineCol(std::string_view text, size_t off, size_t& line, size_t& col) {
  line = 1;
  col = 1;
  for (size_t i = 0; i < off && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
}

constexpr const char* kFixJson =
    "fix the JSON (each claim is one object; NDJSON: one claim per line); the other claims are checked";

void Unreadable(std::vector<Claim>& out, std::string message, size_t line, const char* action = kFixJson) {
  Claim c;
  c.unreadable = true;
  c.input_index = out.size();
  c.input_line = line;
  AddSyntax(c, Severity::kError, "", std::move(message), action);
  out.push_back(std::move(c));
}

}  // namespace

void ParseJsonInto(std::string_view text, std::vector<Claim>& out, size_t first_line, bool one_value) {
  thread_local JsonDoc doc;  // reused: its node storage keeps its capacity
  size_t pos = 0, counted = 0, line = 1;  // newlines counted up to `counted`
  auto line_of = [&](size_t off) {
    for (; counted < off && counted < text.size(); ++counted) {
      if (text[counted] == '\n') ++line;
    }
    return line;
  };
  while (true) {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) ++pos;
    if (pos >= text.size()) return;
    size_t start = pos;
    if (!doc.Parse(text, pos)) {
      size_t l, col;
      LineCol(text, doc.error_offset(), l, col);
      Unreadable(out, "not valid JSON at line " + std::to_string(l + first_line - 1) + ", column " + std::to_string(col) +
                          ": " + doc.error(), l + first_line - 1);
      return;  // cannot resynchronise inside one document
    }
    const size_t sl = line_of(start);
    const size_t before = out.size();
    const JVal& root = doc.node(0);
    auto one = [&](uint32_t node) {
      Claim c;
      c.input_index = out.size();
      c.input_line = sl + first_line - 1;
      Mapper(doc, c).MapClaim(node);
      out.push_back(std::move(c));
    };
    if (root.type == JVal::kArr) {
      for (uint32_t k = root.first; k != kNone; k = doc.node(k).next) one(k);
    } else {
      one(0);
    }
    if (one_value) {
      size_t rest = pos;
      while (rest < text.size() && (text[rest] == ' ' || text[rest] == '\t' || text[rest] == '\r' || text[rest] == '\n')) ++rest;
      if (rest < text.size()) {
        for (size_t i = before; i < out.size(); ++i) {
          AddSyntax(out[i], Severity::kError, "", "the line goes on after the claim (column " + std::to_string(rest + 1) + "): \"" +
                                                     Shorten(text.substr(rest), 20) + "\" is ignored",
                    "NDJSON holds one claim (or one array of claims) per line");
        }
        if (out.size() == before) {
          Unreadable(out, "the line goes on after an empty array (column " + std::to_string(rest + 1) + ")", first_line);
        }
      }
      return;
    }
  }
}

std::vector<Claim> ParseJson(std::string_view text) {
  std::vector<Claim> out;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  ParseJsonInto(text, out, 1);
  if (out.empty()) Unreadable(out, "the input holds no claim (empty or only white space)", 0);
  return out;
}

// ---------------------------------------------------------------------------------------
// CSV

namespace {

using csv::CsvRecord;
using csv::NextCsvRecord;

enum Col {
  kClaimId, kBirth, kAge, kSex, kDos, kPos, kBillingNpi, kRenderingNpi, kSetting, kDiagnoses,
  kDx1,  // kDx1 .. kDx1 + 11
  kCode = kDx1 + 12, kModifiers, kUnits, kPointers, kLineDos, kLinePos, kCharge, kColCount
};

// The columns ColumnOf knows, for messages (alternatives with '|').
constexpr const char* kCsvColumnsRead =
    "claim_id, patient_birth_date|birth_date, patient_age|age, patient_sex|sex, date_of_service, "
    "place_of_service, billing_npi, rendering_npi, setting, diagnoses, dx1..dx12, line_code|code|procedure_code, "
    "modifiers, units, dx_pointers, line_date_of_service, line_place_of_service, charge";

int ColumnOf(std::string name) {
  for (char& c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
  }
  static const std::pair<const char*, int> kNames[] = {
      {"claim_id", kClaimId}, {"patient_birth_date", kBirth}, {"birth_date", kBirth}, {"patient_age", kAge},
      {"age", kAge}, {"patient_sex", kSex}, {"sex", kSex}, {"date_of_service", kDos}, {"place_of_service", kPos},
      {"billing_npi", kBillingNpi}, {"rendering_npi", kRenderingNpi}, {"setting", kSetting},
      {"diagnoses", kDiagnoses}, {"line_code", kCode}, {"code", kCode}, {"procedure_code", kCode},
      {"modifiers", kModifiers}, {"units", kUnits}, {"dx_pointers", kPointers},
      {"line_date_of_service", kLineDos}, {"line_place_of_service", kLinePos}, {"charge", kCharge}};
  for (const auto& [n, c] : kNames) {
    if (name == n) return c;
  }
  if (name.size() >= 3 && name.size() <= 4 && name.starts_with("dx")) {
    int n = std::atoi(name.c_str() + 2);
    if (n >= 1 && n <= 12 && std::to_string(n) == name.substr(2)) return kDx1 + n - 1;
  }
  return -1;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Claim streams: a batch read a few claims at a time (the page's progress bar, bounded memory).

struct ClaimStream::Impl {
  std::string_view text;
  InputFormat format;
  size_t pos = 0, line = 1, index_ = 0;
  bool started = false, done = false;
  // JSON: parsed at once.
  std::vector<Claim> all;
  size_t all_next = 0;
  // CSV.
  int where_[kColCount];
  bool has_dx_columns_ = false;
  std::vector<std::string> unknown_;
  std::unordered_set<std::string> done_ids_;
  std::optional<Claim> cur_;
  CsvRecord rec;

  std::string_view Cell(const CsvRecord& r, int col) const {
    int i = where_[col];
    return i >= 0 && static_cast<size_t>(i) < r.fields.size() ? ascii::Trim(r.fields[static_cast<size_t>(i)]) : std::string_view();
  }

  // The header row; false (with one unreadable claim in out) if it cannot be used.
  bool Header(std::vector<Claim>& out) {
    std::fill(std::begin(where_), std::end(where_), -1);
    if (!NextCsvRecord(text, pos, line, rec)) {
      Unreadable(out, "the CSV file is empty: it needs a header row and one row per service line", 0);
      return false;
    }
    for (size_t i = 0; i < rec.fields.size(); ++i) {
      std::string name(ascii::Trim(rec.fields[i]));
      int c = ColumnOf(name);
      if (c < 0) {
        if (!name.empty()) unknown_.push_back(name);
      } else if (where_[c] >= 0) {
        unknown_.push_back(name + " (a second time)");
      } else {
        where_[c] = static_cast<int>(i);
      }
    }
    if (where_[kClaimId] < 0 || where_[kCode] < 0) {
      // Name every column read and every column found, in full: the user fixes the header
      // from this message alone.
      std::string found;
      for (const std::string& f : rec.fields) found += (found.empty() ? "" : ", ") + (f.empty() ? std::string("(empty)") : f);
      Unreadable(out,
                 std::string("the CSV header needs at least the columns claim_id and line_code (or code, procedure_code); ") +
                     "the columns read are " + kCsvColumnsRead + "; found: " + (found.empty() ? "no columns" : found),
                 1, "fix the CSV header (its first line names the columns); no claim of this file was checked");
      return false;
    }
    for (int k = 0; k < 12; ++k) has_dx_columns_ |= where_[kDx1 + k] >= 0;
    return true;
  }

  // One data row: starts a claim (pushing the previous one) or adds to the current one.
  void Row(const CsvRecord& r, std::vector<Claim>& out, size_t& added) {
    if (std::all_of(r.fields.begin(), r.fields.end(), [](const std::string& f) { return ascii::Trim(f).empty(); })) return;
    std::string row = "row " + std::to_string(r.line);
    std::string id(Cell(r, kClaimId));
    bool same = cur_ && !id.empty() && cur_->has_claim_id && cur_->claim_id == id;
    if (!same) {
      if (cur_) {
        if (cur_->has_claim_id) done_ids_.insert(cur_->claim_id);
        out.push_back(std::move(*cur_));
        ++added;
      }
      cur_.emplace();
      Claim* cur = &*cur_;
      cur->input_index = index_++;
      cur->input_line = r.line;
      if (cur->input_index == 0 && !unknown_.empty()) {
        std::string list;
        for (auto& u : unknown_) list += (list.empty() ? "" : ", ") + Shorten(u);
        AddSyntax(*cur, Severity::kInfo, "header", "unknown CSV columns are ignored: " + list);
      }
      if (id.empty()) {
        AddSyntax(*cur, Severity::kError, row + ".claim_id", "CSV " + row + " has no claim_id; it is checked as a claim of its own",
                  "give every row the claim_id of its claim; rows of one claim must be adjacent");
      } else {
        cur->claim_id = id;
        cur->has_claim_id = true;
        if (done_ids_.count(id)) {
          AddSyntax(*cur, Severity::kWarning, row + ".claim_id", "claim " + Shorten(id) + " appears again at CSV " + row +
                                                                       ", apart from its earlier rows; it is checked as a separate claim",
                    "keep the rows of one claim together");
        }
      }
      cur->birth_date = MakeDate(Cell(r, kBirth));
      if (!Cell(r, kAge).empty()) {
        double a;
        if (ParseNumber(Cell(r, kAge), a) && a >= 0 && a <= 150 && a == std::floor(a)) cur->age = static_cast<int>(a);
        else AddSyntax(*cur, Severity::kError, row + ".patient_age", "patient_age must be a whole number of years from 0 to 150");
      }
      std::string sex = ascii::Upper(Cell(r, kSex));
      if (sex == "F" || sex == "FEMALE") cur->sex = 'F';
      else if (sex == "M" || sex == "MALE") cur->sex = 'M';
      else if (sex == "U" || sex == "UNKNOWN") cur->sex = 'U';
      else if (!sex.empty()) AddSyntax(*cur, Severity::kError, row + ".patient_sex", "patient_sex \"" + Shorten(sex) + "\" is not F, M or U");
      cur->date_of_service = MakeDate(Cell(r, kDos));
      cur->place_of_service = std::string(Cell(r, kPos));
      cur->billing_npi = std::string(Cell(r, kBillingNpi));
      cur->rendering_npi = std::string(Cell(r, kRenderingNpi));
      if (!Cell(r, kSetting).empty()) {
        bool ok;
        cur->setting = SettingFrom(Cell(r, kSetting), ok);
        if (!ok) AddSyntax(*cur, Severity::kError, row + ".setting", "setting \"" + Shorten(Cell(r, kSetting)) + "\" is not practitioner, outpatient-hospital or dme-supplier; practitioner is used");
      }
      if (has_dx_columns_) {
        int last = -1;
        for (int k = 0; k < 12; ++k) if (!Cell(r, kDx1 + k).empty()) last = k;
        for (int k = 0; k <= last; ++k) {
          cur->diagnoses.emplace_back(Cell(r, kDx1 + k));
          if (cur->diagnoses.back().empty()) {
            AddSyntax(*cur, Severity::kError, row + ".dx" + std::to_string(k + 1), "dx" + std::to_string(k + 1) + " is empty but a later diagnosis is given",
                      "fill the diagnoses from dx1 without gaps: the letters A-L follow their order");
          }
        }
      }
      if (where_[kDiagnoses] >= 0 && !Cell(r, kDiagnoses).empty()) {
        if (has_dx_columns_ && !cur->diagnoses.empty()) {
          AddSyntax(*cur, Severity::kWarning, row + ".diagnoses", "both dx1..dx12 and diagnoses are given; dx1..dx12 are used");
        } else {
          for (auto& s : SplitList(Cell(r, kDiagnoses))) cur->diagnoses.push_back(s);
        }
      }
    }
    Claim* cur = &*cur_;
    if (same) {
      // A later row of the same claim: claim-level cells must agree with the first row.
      auto agree = [&](int col, const char* name, const std::string& first) {
        std::string_view v = Cell(r, col);
        if (!v.empty() && v != first) {
          AddSyntax(*cur, Severity::kWarning, row + "." + name, std::string(name) + " \"" + Shorten(v) + "\" differs from the claim's first row (\"" +
                                                                    Shorten(first) + "\"); the first row's value is used");
        }
      };
      agree(kDos, "date_of_service", cur->date_of_service.text);
      agree(kPos, "place_of_service", cur->place_of_service);
      agree(kBillingNpi, "billing_npi", cur->billing_npi);
      agree(kRenderingNpi, "rendering_npi", cur->rendering_npi);
      agree(kBirth, "patient_birth_date", cur->birth_date.text);
      if (where_[kDiagnoses] >= 0) {
        std::string joined;
        for (auto& s : SplitList(Cell(r, kDiagnoses))) joined += (joined.empty() ? "" : " ") + s;
        std::string firstj;
        for (auto& s : cur->diagnoses) firstj += (firstj.empty() ? "" : " ") + s;
        if (!joined.empty() && joined != firstj && !has_dx_columns_) {
          AddSyntax(*cur, Severity::kWarning, row + ".diagnoses", "diagnoses differ from the claim's first row; the first row's are used");
        }
      }
    }
    // The service line of this row.
    bool any_line = !Cell(r, kCode).empty() || !Cell(r, kModifiers).empty() || !Cell(r, kUnits).empty() ||
                    !Cell(r, kPointers).empty() || !Cell(r, kLineDos).empty() || !Cell(r, kCharge).empty();
    if (!any_line) return;
    cur->lines.emplace_back();
    Line& ln = cur->lines.back();
    std::string lp = "lines[" + std::to_string(cur->lines.size() - 1) + "] (CSV " + row + ")";
    ln.code = ascii::Upper(Cell(r, kCode));
    for (auto& m : SplitList(Cell(r, kModifiers))) ln.modifiers.push_back(ascii::Upper(m));
    if (!Cell(r, kUnits).empty()) {
      ln.units_given = true;
      if (!ParseNumber(Cell(r, kUnits), ln.units) || ln.units <= 0 || ln.units > 99999) {
        AddSyntax(*cur, Severity::kError, lp + ".units", "units \"" + Shorten(Cell(r, kUnits)) + "\" must be a number more than 0 and at most 99999; 1 is assumed");
        ln.units = 1;
      }
    }
    for (auto& p : SplitPointers(Cell(r, kPointers))) {
      ln.pointers.push_back(PointerIndex(p));
      if (ln.pointers.back() < 0) ln.bad_pointers.push_back(p);
    }
    if (!Cell(r, kLineDos).empty()) ln.date_of_service = MakeDate(Cell(r, kLineDos));
    ln.place_of_service = std::string(Cell(r, kLinePos));
    if (!Cell(r, kCharge).empty()) {
      if (ParseNumber(Cell(r, kCharge), ln.charge) && ln.charge >= 0) ln.charge_given = true;
      else AddSyntax(*cur, Severity::kError, lp + ".charge", "charge \"" + Shorten(Cell(r, kCharge)) + "\" is not an amount");
    }
  }

  size_t NextCsv(std::vector<Claim>& out, size_t max) {
    size_t added = 0;
    if (!started) {
      started = true;
      if (text.starts_with("\xEF\xBB\xBF")) pos = 3;
      if (!Header(out)) {
        done = true;
        return 1;
      }
    }
    while (added < max) {
      if (!NextCsvRecord(text, pos, line, rec)) {
        if (cur_) {
          out.push_back(std::move(*cur_));
          cur_.reset();
          ++added;
        } else if (index_ == 0) {
          Unreadable(out, "the CSV file has a header but no rows", 1);
          ++added;
        }
        done = true;
        break;
      }
      Row(rec, out, added);
    }
    return added;
  }

  size_t NextNdjson(std::vector<Claim>& out, size_t max) {
    size_t added = 0;
    if (!started) {
      started = true;
      if (text.starts_with("\xEF\xBB\xBF")) pos = 3;
    }
    while (added < max && pos < text.size()) {
      size_t nl = text.find('\n', pos);
      size_t end = nl == std::string_view::npos ? text.size() : nl;
      std::string_view one = text.substr(pos, end - pos);
      size_t lineno = line++;
      pos = end + 1;
      if (ascii::Trim(one).empty()) continue;
      size_t before = out.size();
      if (one.size() > kMaxClaimBytes) {
        Unreadable(out, "input line " + std::to_string(lineno) + " is longer than 1 MiB; a claim is far smaller", lineno);
      } else {
        ParseJsonInto(one, out, lineno, true);
      }
      for (size_t i = before; i < out.size(); ++i) {
        Claim& c = out[i];
        c.input_index = index_++;
        c.input_line = lineno;
        if (c.unreadable && !c.findings.empty() && c.findings[0].message.starts_with("not valid JSON at line ")) {
          std::string& m = c.findings[0].message;
          size_t col = m.find(", column ");
          m = "input line " + std::to_string(lineno) + " is not valid JSON (column " + m.substr(col + 9, m.find(':', col) - col - 9) +
              "): " + m.substr(m.find(": ") + 2);
        }
      }
      added += out.size() - before;
    }
    if (pos >= text.size()) done = true;
    return added;
  }

  size_t NextJson(std::vector<Claim>& out, size_t max) {
    if (!started) {
      started = true;
      all = ParseJson(text);
      pos = text.size();
    }
    size_t added = 0;
    while (added < max && all_next < all.size()) {
      out.push_back(std::move(all[all_next++]));
      ++added;
    }
    if (all_next >= all.size()) done = true;
    return added;
  }
};

ClaimStream::ClaimStream(std::string_view text, InputFormat format) : impl_(std::make_unique<Impl>()) {
  impl_->text = text;
  impl_->format = format;
}
ClaimStream::~ClaimStream() = default;
ClaimStream::ClaimStream(ClaimStream&&) noexcept = default;
ClaimStream& ClaimStream::operator=(ClaimStream&&) noexcept = default;

size_t ClaimStream::Next(std::vector<Claim>& out, size_t max_claims) {
  if (impl_->done || max_claims == 0) return 0;
  switch (impl_->format) {
    case InputFormat::kCsv: return impl_->NextCsv(out, max_claims);
    case InputFormat::kNdjson: return impl_->NextNdjson(out, max_claims);
    case InputFormat::kJson: return impl_->NextJson(out, max_claims);
  }
  return 0;
}
bool ClaimStream::done() const { return impl_->done; }
size_t ClaimStream::consumed() const { return std::min(impl_->pos, impl_->text.size()); }
size_t ClaimStream::total() const { return impl_->text.size(); }

std::vector<Claim> ParseNdjson(std::string_view text) {
  std::vector<Claim> out;
  ClaimStream s(text, InputFormat::kNdjson);
  while (s.Next(out, 1u << 20)) {
  }
  return out;
}

std::vector<Claim> ParseCsv(std::string_view text) {
  std::vector<Claim> out;
  ClaimStream s(text, InputFormat::kCsv);
  while (s.Next(out, 1u << 20)) {
  }
  return out;
}

}  // namespace medcode::claims
