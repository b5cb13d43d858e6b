// A tiny .xlsx writer for tests: a zip of stored (or deflated) parts, CRC-32 via zlib,
// one sheet whose cells are inline strings. Enough to build workbooks from CSV-like rows
// at test time, so no extract of a real file is ever committed.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace medcode::fx {

inline std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// zlib's deflate of `in`: window_bits -15 raw DEFLATE (zip entries), 15 + 16 gzip; strategy
// Z_FIXED forces fixed-Huffman blocks, level 0 stored blocks.
inline std::string Deflate(const std::string& in, int level = 6, int window_bits = -15, int strategy = Z_DEFAULT_STRATEGY) {
  z_stream zs{};
  if (deflateInit2(&zs, level, Z_DEFLATED, window_bits, 8, strategy) != Z_OK) return {};
  std::string out(deflateBound(&zs, static_cast<uLong>(in.size())) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const bool done = deflate(&zs, Z_FINISH) == Z_STREAM_END;
  out.resize(done ? zs.total_out : 0);
  deflateEnd(&zs);
  return out;
}

// A zip archive of stored entries, or with `deflate` of deflated ones (method 8); fixed
// timestamps: the same input gives the same bytes.
inline std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& parts, bool deflate = false) {
  auto u16 = [](std::string& o, uint16_t v) { o += static_cast<char>(v & 0xFF), o += static_cast<char>(v >> 8); };
  auto u32 = [](std::string& o, uint32_t v) {
    for (int k = 0; k < 4; ++k) o += static_cast<char>((v >> (8 * k)) & 0xFF);
  };
  std::string out, central;
  const uint16_t method = deflate ? 8 : 0;
  for (const auto& [name, data] : parts) {
    uint32_t crc = static_cast<uint32_t>(crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    uint32_t offset = static_cast<uint32_t>(out.size());
    const std::string packed = deflate ? Deflate(data) : data;
    u32(out, 0x04034b50); u16(out, 20); u16(out, 0); u16(out, method); u16(out, 0); u16(out, 0x5c21);
    u32(out, crc); u32(out, static_cast<uint32_t>(packed.size())); u32(out, static_cast<uint32_t>(data.size()));
    u16(out, static_cast<uint16_t>(name.size())); u16(out, 0);
    out += name;
    out += packed;
    u32(central, 0x02014b50); u16(central, 20); u16(central, 20); u16(central, 0); u16(central, method); u16(central, 0);
    u16(central, 0x5c21); u32(central, crc); u32(central, static_cast<uint32_t>(packed.size()));
    u32(central, static_cast<uint32_t>(data.size())); u16(central, static_cast<uint16_t>(name.size()));
    u16(central, 0); u16(central, 0); u16(central, 0); u16(central, 0); u32(central, 0); u32(central, offset);
    central += name;
  }
  uint32_t cd_offset = static_cast<uint32_t>(out.size());
  out += central;
  u32(out, 0x06054b50); u16(out, 0); u16(out, 0); u16(out, static_cast<uint16_t>(parts.size()));
  u16(out, static_cast<uint16_t>(parts.size())); u32(out, static_cast<uint32_t>(central.size())); u32(out, cd_offset);
  u16(out, 0);
  return out;
}

// A workbook with one sheet; rows[r][c] becomes cell (r+1, c) as an inline string
// (empty strings are left out, as Excel does).
inline std::string MakeXlsx(const std::vector<std::vector<std::string>>& rows) {
  const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";
  auto col = [](size_t i) {
    std::string s;
    for (++i; i; i = (i - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (i - 1) % 26));
    return s;
  };
  std::string sheet = x + "<worksheet xmlns=\"" + ns + "\"><sheetData>";
  for (size_t r = 0; r < rows.size(); ++r) {
    sheet += "<row r=\"" + std::to_string(r + 1) + "\">";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      if (rows[r][c].empty()) continue;
      sheet += "<c r=\"" + col(c) + std::to_string(r + 1) + "\" t=\"inlineStr\"><is><t xml:space=\"preserve\">" +
               XmlEscape(rows[r][c]) + "</t></is></c>";
    }
    sheet += "</row>";
  }
  sheet += "</sheetData></worksheet>";
  return MakeZip({
      {"[Content_Types].xml", x + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                              "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                              "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>"},
      {"_rels/.rels", x + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                          "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml", x + "<workbook xmlns=\"" + ns + "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                              "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels", x + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                                         "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml", sheet},
  });
}

}  // namespace medcode::fx
