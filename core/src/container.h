// The MCS container (core/include/medcode/format.h), read and written in one place: the
// 64-byte header, both CRCs, the section table and the META fields every file kind
// shares. Each file kind (code set: codeset.cpp and writer.cpp; claim edits: edits.cpp
// and the importer) keeps only its own sections. Private to the core and its importer.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "medcode/codeset.h"
#include "medcode/error.h"
#include "medcode/format.h"

namespace medcode::container {

// ---- Reading ----

template <class T>
T Load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

// "META"; a byte that is not printable ASCII shows as '?'.
std::string TagName(uint32_t tag);

// kCorrupt, "corrupt NOUN file: WHAT" (NOUN: "code-set", "claim-edits").
Error Corrupt(std::string_view noun, const std::string& what);

// A string reference lies inside a pool of `pool` bytes.
inline bool StrOk(format::StrRef r, size_t pool) { return r.offset <= pool && r.length <= pool - r.offset; }

// One entry of the section table, its bytes checked to lie inside the file.
struct Section {
  uint32_t tag;
  uint16_t version;
  uint16_t flags;
  std::span<const uint8_t> data;
  bool required() const { return flags & format::kSectionRequired; }
};

using SectionVisitor = std::function<std::optional<Error>(const Section&)>;

// Checks alignment, magic, header CRC, major version, sizes and the payload CRC of the
// file in `bytes` (the payload CRC only if `payload_crc`: false when the caller checked the
// same bytes otherwise, CodeSet::OpenOptions), then hands each section to `visit` in table
// order (an error from `visit` stops the walk and is returned). Messages name the file kind by `noun`.
Result<format::FileHeader> Open(std::span<const uint8_t> bytes, std::string_view noun, const SectionVisitor& visit,
                                bool payload_crc = true);

// The META fields every file kind has (json, system, year, label, effective dates,
// inputs, provenance of a user-loaded file) into `meta`; returns the parsed object for the kind's own fields.
Result<nlohmann::json> ReadMeta(std::span<const uint8_t> data, std::string_view noun, CodeSetMeta& meta);

// A string or integer member of a META object ("" or 0 when absent or of another type).
std::string MetaString(const nlohmann::json& o, const char* key);
int MetaInt(const nlohmann::json& o, const char* key);

// ---- Writing ----

// One section of a file being assembled.
struct RawSection {
  uint32_t tag;
  uint16_t version;
  uint16_t flags;
  std::string data;
};

// Lays out header, section table and 8-byte aligned sections, and seals both CRCs.
// (major/minor are parameters so tests can write files of other versions.)
std::string AssembleFile(const std::vector<RawSection>& sections, uint16_t major = format::kFormatMajor,
                         uint16_t minor = format::kFormatMinor);

// The STRS section being built: each distinct string stored once.
class StringPool {
 public:
  format::StrRef Add(std::string_view s);
  const std::string& data() const { return data_; }

 private:
  std::string data_;
  std::unordered_map<std::string, format::StrRef> index_;
};

// Appends the bytes of a trivially copyable value.
template <class T>
void Put(std::string& out, const T& v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof(T));
}

// Pads with zero bytes to a multiple of `alignment`.
inline void Align(std::string& out, size_t alignment) {
  while (out.size() % alignment) out.push_back('\0');
}

// A counted array section: u32 count, then the records.
template <class T>
std::string Counted(const std::vector<T>& v) {
  std::string s;
  Put(s, static_cast<uint32_t>(v.size()));
  for (const T& x : v) Put(s, x);
  return s;
}

}  // namespace medcode::container
