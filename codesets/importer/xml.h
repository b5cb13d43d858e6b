// A small XML reader for the xlsx parts (workbook, relationships, shared strings, sheets),
// used by the native and the in-page (wasm) importer alike: elements, attributes, text,
// the five predefined entities, numeric character references and CDATA sections; comments,
// processing instructions and the XML declaration are skipped. UTF-8 only. Line ends read
// as "\n" (CR LF and a lone CR, as XML 1.0 section 2.11 says); tabs and line ends in an
// attribute value read as spaces (section 3.3.3).
//
//   struct H : medcode::import::xml::Handler { ... Start / End / Text ... };
//   if (auto err = medcode::import::xml::Parse(doc, h)) ...   // std::optional<Error>
//
// Text may arrive in several pieces for one run of characters (append them). Names are
// given as written, prefix included ("x:row"). Not well-formed input (a mismatched or
// unclosed tag, an unknown entity, a bad character reference, a duplicate attribute, a
// stray '<' or '&', text after the root element, invalid UTF-8, a DOCTYPE, which these
// parts never have) is a kCorrupt error with its line number; nothing throws.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medcode/error.h"

namespace medcode::import::xml {

struct Attribute {
  std::string_view name;
  std::string value;  // entities and references replaced
};

class Handler {
 public:
  virtual ~Handler() = default;
  virtual void Start(std::string_view name, const std::vector<Attribute>& attributes) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(std::string_view text) = 0;
  // True once the handler has what it needs: Parse then returns, without an error, after the
  // start or end tag just reported (the rest of the document is not read or checked).
  virtual bool Done() const { return false; }
};

// Nesting deeper than this is refused (no xlsx part comes near it).
inline constexpr size_t kMaxDepth = 256;

std::optional<Error> Parse(std::string_view doc, Handler& handler);

// The local part of a name: "x:row" -> "row".
std::string_view LocalName(std::string_view name);

}  // namespace medcode::import::xml
