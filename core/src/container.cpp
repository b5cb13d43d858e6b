// The MCS container, read and written once for every file kind: header checks (magic,
// version, sizes, both CRCs), the section table walk, the shared META fields, and on the
// writing side the string pool and the file assembly (layout, alignment, CRCs). What a
// section means belongs to its file kind (codeset.cpp, edits.cpp, writer.cpp, importer).
#include "container.h"

#include "crc32.h"

namespace medcode::container {

using namespace format;

std::string TagName(uint32_t tag) {
  std::string s;
  for (int i = 0; i < 4; ++i) {
    char c = static_cast<char>((tag >> (8 * i)) & 0xFF);
    s += (c >= 0x20 && c < 0x7F) ? c : '?';
  }
  return s;
}

Error Corrupt(std::string_view noun, const std::string& what) {
  return MakeError(ErrorCode::kCorrupt, "corrupt " + std::string(noun) + " file: " + what);
}

Result<FileHeader> Open(std::span<const uint8_t> bytes, std::string_view noun_view, const SectionVisitor& visit,
                        bool payload_crc) {
  const std::string noun(noun_view);
  if (reinterpret_cast<uintptr_t>(bytes.data()) % 8 != 0) {
    return MakeError(ErrorCode::kInvalidArgument, noun + " bytes must start at an 8-byte aligned address");
  }
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kMagic, 8) != 0) {
    return MakeError(ErrorCode::kBadMagic, "not a " + noun + " file (wrong magic number)");
  }
  if (bytes.size() < kHeaderSize) {
    return MakeError(ErrorCode::kTruncated, noun + " file truncated: " + std::to_string(bytes.size()) +
                                                " bytes, shorter than its 64-byte header");
  }
  FileHeader h = Load<FileHeader>(bytes.data());
  if (h.header_crc32 != HeaderCrc32(bytes.data())) {
    return MakeError(ErrorCode::kBadChecksum, noun + " file header checksum mismatch (header damaged)");
  }
  if (h.major != kFormatMajor) {
    return MakeError(ErrorCode::kUnsupportedVersion,
                     noun + " format version " + std::to_string(h.major) + "." + std::to_string(h.minor) +
                         " is not supported; this reader reads version " + std::to_string(kFormatMajor) + ".x");
  }
  if (h.header_size != kHeaderSize || h.section_table != kHeaderSize) return Corrupt(noun, "unexpected header size");
  if (h.file_size != bytes.size()) {
    if (h.file_size > bytes.size()) {
      return MakeError(ErrorCode::kTruncated, noun + " file truncated: " + std::to_string(bytes.size()) + " of " +
                                                  std::to_string(h.file_size) + " bytes present");
    }
    return Corrupt(noun, "file is " + std::to_string(bytes.size()) + " bytes but its header says " +
                             std::to_string(h.file_size));
  }
  if (h.section_count > kMaxSections) return Corrupt(noun, "too many sections");
  uint64_t table_end = uint64_t(kHeaderSize) + uint64_t(h.section_count) * kSectionEntrySize;
  if (table_end > bytes.size()) return Corrupt(noun, "section table runs past the end of the file");
  if (payload_crc && h.payload_crc32 != Crc32(bytes.data() + kHeaderSize, bytes.size() - kHeaderSize)) {
    return MakeError(ErrorCode::kBadChecksum, noun + " file checksum mismatch: the file is damaged or was modified");
  }
  for (uint32_t s = 0; s < h.section_count; ++s) {
    SectionEntry e = Load<SectionEntry>(bytes.data() + kHeaderSize + s * kSectionEntrySize);
    if (e.offset < table_end || e.offset > bytes.size() || e.size > bytes.size() - e.offset || e.offset % 8 != 0) {
      return Corrupt(noun, "section " + TagName(e.tag) + " lies outside the file or is misaligned");
    }
    if (auto err = visit(Section{e.tag, e.version, e.flags, bytes.subspan(e.offset, e.size)})) return *err;
  }
  return h;
}

std::string MetaString(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  return (it != o.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

int MetaInt(const nlohmann::json& o, const char* key) {
  auto it = o.find(key);
  return (it != o.end() && it->is_number_integer()) ? it->get<int>() : 0;
}

Result<nlohmann::json> ReadMeta(std::span<const uint8_t> data, std::string_view noun, CodeSetMeta& meta) {
  std::string_view js(reinterpret_cast<const char*>(data.data()), data.size());
  auto j = nlohmann::json::parse(js, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Corrupt(noun, "META section is not valid JSON");
  meta.json = std::string(js);
  meta.system = MetaString(j, "system");
  meta.year = MetaInt(j, "year");
  meta.label = MetaString(j, "label");
  meta.effective_from = MetaString(j, "effective_from");
  meta.effective_to = MetaString(j, "effective_to");
  meta.provenance = MetaString(j, "provenance");
  auto in = j.find("inputs");
  if (in != j.end() && in->is_array()) {
    for (const auto& o : *in) {
      if (!o.is_object()) continue;
      meta.inputs.push_back({MetaString(o, "role"), MetaString(o, "name"), MetaString(o, "path"), MetaInt(o, "year"),
                             MetaString(o, "sha256"), MetaString(o, "kind")});
    }
  }
  return j;
}

format::StrRef StringPool::Add(std::string_view s) {
  auto it = index_.find(std::string(s));
  if (it != index_.end()) return it->second;
  StrRef r{static_cast<uint32_t>(data_.size()), static_cast<uint32_t>(s.size())};
  data_.append(s);
  index_.emplace(std::string(s), r);
  return r;
}

std::string AssembleFile(const std::vector<RawSection>& secs, uint16_t major, uint16_t minor) {
  std::string out(kHeaderSize + secs.size() * kSectionEntrySize, '\0');
  std::vector<SectionEntry> entries;
  for (const auto& s : secs) {
    Align(out, 8);
    entries.push_back({s.tag, s.version, s.flags, out.size(), s.data.size()});
    out += s.data;
  }
  Align(out, 8);
  if (!entries.empty()) std::memcpy(out.data() + kHeaderSize, entries.data(), entries.size() * sizeof(SectionEntry));
  FileHeader h{};
  std::memcpy(h.magic, kMagic, 8);
  h.major = major;
  h.minor = minor;
  h.header_size = kHeaderSize;
  h.file_size = out.size();
  h.section_count = static_cast<uint32_t>(secs.size());
  h.section_table = kHeaderSize;
  h.payload_crc32 = Crc32(out.data() + kHeaderSize, out.size() - kHeaderSize);
  std::memcpy(out.data(), &h, sizeof h);
  h.header_crc32 = HeaderCrc32(out.data());
  std::memcpy(out.data(), &h, sizeof h);
  return out;
}

}  // namespace medcode::container
