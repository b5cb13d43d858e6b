// The xlsx parts' XML reader (xml.h): one pass over the document with a stack of open
// element names; text and attribute values decoded into a reused buffer.
#include "xml.h"

#include <algorithm>
#include <cstdint>

namespace medcode::import::xml {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsNameStart(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80; }
bool IsNameChar(unsigned char c) { return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | cp >> 6);
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | cp >> 12);
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | cp >> 18);
    out += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
    out += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// XML 1.0 Char: tab, LF, CR, U+0020..U+D7FF, U+E000..U+FFFD, U+10000..U+10FFFF.
bool IsXmlChar(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

// The offset of the first byte that is not valid UTF-8 or not an XML character; npos if none.
size_t FirstInvalid(std::string_view s) {
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    unsigned char c = u[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i;
      ++i;
      continue;
    }
    int len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    if (len == 0 || (c >= 0xF0 && len == 3) || i + len > n) return i;
    uint32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (int k = 1; k < len; ++k) {
      if ((u[i + k] & 0xC0) != 0x80) return i;
      cp = cp << 6 | (u[i + k] & 0x3F);
    }
    const uint32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min || !IsXmlChar(cp)) return i;
    i += static_cast<size_t>(len);
  }
  return std::string_view::npos;
}

class Parser {
 public:
  Parser(std::string_view doc, Handler& h) : d_(doc), h_(h) {}

  std::optional<Error> Run() {
    if (d_.starts_with("\xEF\xBB\xBF")) pos_ = 3;
    else if (d_.starts_with("\xFE\xFF") || d_.starts_with("\xFF\xFE")) return Fail("UTF-16 documents are not supported");
    if (size_t bad = FirstInvalid(d_.substr(pos_)); bad != std::string_view::npos) {
      pos_ += bad;
      return Fail("a byte that is not valid UTF-8 or not an XML character");
    }
    bool root_seen = false;
    while (pos_ < d_.size()) {
      if (d_[pos_] != '<') {
        const size_t start = pos_;
        size_t lt = d_.find('<', pos_);
        if (lt == std::string_view::npos) lt = d_.size();
        if (stack_.empty()) {
          for (size_t i = start; i < lt; ++i) {
            if (!IsSpace(d_[i])) {
              pos_ = i;
              return Fail(root_seen ? "text after the root element" : "text before the root element");
            }
          }
          pos_ = lt;
          continue;
        }
        if (auto e = Chars(d_.substr(start, lt - start), false)) return e;
        h_.Text(buf_);
        pos_ = lt;
        continue;
      }
      std::string_view rest = d_.substr(pos_);
      if (rest.starts_with("<?")) {
        size_t end = d_.find("?>", pos_ + 2);
        if (end == std::string_view::npos) return Fail("an unclosed processing instruction");
        pos_ = end + 2;
      } else if (rest.starts_with("<!--")) {
        size_t end = d_.find("-->", pos_ + 4);
        if (end == std::string_view::npos) return Fail("an unclosed comment");
        pos_ = end + 3;
      } else if (rest.starts_with("<![CDATA[")) {
        if (stack_.empty()) return Fail("a CDATA section outside the root element");
        size_t end = d_.find("]]>", pos_ + 9);
        if (end == std::string_view::npos) return Fail("an unclosed CDATA section");
        buf_.clear();
        Newlines(d_.substr(pos_ + 9, end - pos_ - 9), buf_);
        h_.Text(buf_);
        pos_ = end + 3;
      } else if (rest.starts_with("<!DOCTYPE")) {
        return Fail("a DOCTYPE, which the parts of a workbook never have");
      } else if (rest.starts_with("</")) {
        if (auto e = EndTag()) return e;
        if (h_.Done()) return std::nullopt;
      } else {
        if (root_seen && stack_.empty()) return Fail("a second root element");
        root_seen = true;
        if (auto e = StartTag()) return e;
        if (h_.Done()) return std::nullopt;
      }
    }
    if (!stack_.empty()) return Fail("the document ends inside <" + std::string(stack_.back()) + ">");
    if (!root_seen) return Fail("no root element");
    return std::nullopt;
  }

 private:
  Error Fail(const std::string& what) const {
    const size_t at = std::min(pos_, d_.size());
    const size_t line = 1 + static_cast<size_t>(std::count(d_.begin(), d_.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
    return MakeError(ErrorCode::kCorrupt, "not well-formed XML (line " + std::to_string(line) + ": " + what + ")");
  }

  std::string_view Name() {
    const size_t start = pos_;
    if (pos_ >= d_.size() || !IsNameStart(static_cast<unsigned char>(d_[pos_]))) return {};
    while (pos_ < d_.size() && IsNameChar(static_cast<unsigned char>(d_[pos_]))) ++pos_;
    return d_.substr(start, pos_ - start);
  }
  void Spaces() {
    while (pos_ < d_.size() && IsSpace(d_[pos_])) ++pos_;
  }

  // CR LF and a lone CR as LF.
  static void Newlines(std::string_view s, std::string& out) {
    for (size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\r') {
        out += '\n';
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      } else {
        out += s[i];
      }
    }
  }

  // Decodes character data (text, or an attribute value when `attr`) into buf_. pos_ is
  // the start of `s` in the document, for error positions.
  std::optional<Error> Chars(std::string_view s, bool attr) {
    buf_.clear();
    const size_t base = pos_;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (c == '&') {
        size_t semi = s.find(';', i + 1);
        if (semi == std::string_view::npos || semi - i > 12) {
          pos_ = base + i;
          return Fail("a '&' that starts no entity or character reference");
        }
        std::string_view ref = s.substr(i + 1, semi - i - 1);
        if (ref == "lt") buf_ += '<';
        else if (ref == "gt") buf_ += '>';
        else if (ref == "amp") buf_ += '&';
        else if (ref == "quot") buf_ += '"';
        else if (ref == "apos") buf_ += '\'';
        else if (ref.starts_with("#")) {
          const bool hex = ref.size() > 1 && ref[1] == 'x';
          std::string_view digits = ref.substr(hex ? 2 : 1);
          uint32_t cp = 0;
          bool ok = !digits.empty();
          for (char ch : digits) {
            int v = ch >= '0' && ch <= '9' ? ch - '0' : hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : hex && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
            if (v < 0 || cp > 0x10FFFF) {
              ok = false;
              break;
            }
            cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
          }
          if (!ok || !IsXmlChar(cp)) {
            pos_ = base + i;
            return Fail("the character reference '&" + std::string(ref) + ";' names no XML character");
          }
          AppendUtf8(buf_, cp);
        } else {
          pos_ = base + i;
          return Fail("the unknown entity '&" + std::string(ref) + ";'");
        }
        i = semi;
      } else if (c == '\r') {
        buf_ += attr ? ' ' : '\n';
        if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
      } else if (attr && (c == '\n' || c == '\t')) {
        buf_ += ' ';
      } else if (attr && c == '<') {
        pos_ = base + i;
        return Fail("a '<' inside an attribute value");
      } else {
        buf_ += c;
      }
    }
    return std::nullopt;
  }

  std::optional<Error> StartTag() {
    ++pos_;  // '<'
    std::string_view name = Name();
    if (name.empty()) return Fail("a '<' that starts no element name");
    attrs_.clear();
    for (;;) {
      const size_t before = pos_;
      Spaces();
      if (pos_ >= d_.size()) return Fail("the document ends inside the tag <" + std::string(name) + ">");
      char c = d_[pos_];
      if (c == '>' || c == '/') {
        if (c == '/') {
          if (pos_ + 1 >= d_.size() || d_[pos_ + 1] != '>') return Fail("a '/' not followed by '>' in <" + std::string(name) + ">");
          ++pos_;
        }
        ++pos_;
        if (stack_.size() >= kMaxDepth) return Fail("elements nested more than " + std::to_string(kMaxDepth) + " deep");
        h_.Start(name, attrs_);
        if (c == '/') h_.End(name);
        else stack_.push_back(name);
        return std::nullopt;
      }
      if (pos_ == before) return Fail("no space before an attribute of <" + std::string(name) + ">");
      std::string_view an = Name();
      if (an.empty()) return Fail("a character that starts no attribute name in <" + std::string(name) + ">");
      Spaces();
      if (pos_ >= d_.size() || d_[pos_] != '=') return Fail("the attribute '" + std::string(an) + "' has no '='");
      ++pos_;
      Spaces();
      if (pos_ >= d_.size() || (d_[pos_] != '"' && d_[pos_] != '\'')) return Fail("the attribute '" + std::string(an) + "' has no quoted value");
      const char q = d_[pos_++];
      size_t end = d_.find(q, pos_);
      if (end == std::string_view::npos) return Fail("the value of the attribute '" + std::string(an) + "' is not closed");
      for (const auto& a : attrs_) {
        if (a.name == an) return Fail("the attribute '" + std::string(an) + "' appears twice in <" + std::string(name) + ">");
      }
      if (auto e = Chars(d_.substr(pos_, end - pos_), true)) return e;
      attrs_.push_back({an, buf_});
      pos_ = end + 1;
    }
  }

  std::optional<Error> EndTag() {
    pos_ += 2;  // "</"
    std::string_view name = Name();
    Spaces();
    if (name.empty() || pos_ >= d_.size() || d_[pos_] != '>') return Fail("a malformed end tag");
    if (stack_.empty()) return Fail("the end tag </" + std::string(name) + "> closes no element");
    if (stack_.back() != name) {
      return Fail("the end tag </" + std::string(name) + "> does not match <" + std::string(stack_.back()) + ">");
    }
    ++pos_;
    stack_.pop_back();
    h_.End(name);
    return std::nullopt;
  }

  std::string_view d_;
  Handler& h_;
  size_t pos_ = 0;
  std::vector<std::string_view> stack_;
  std::vector<Attribute> attrs_;
  std::string buf_;
};

}  // namespace

std::optional<Error> Parse(std::string_view doc, Handler& handler) { return Parser(doc, handler).Run(); }

std::string_view LocalName(std::string_view name) {
  size_t colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

}  // namespace medcode::import::xml
