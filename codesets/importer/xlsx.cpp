// A minimal .xlsx reader (zip archive through inflate.h, shared strings and worksheets
// through xml.h) for the CMS HCPCS, place-of-service and modifier files: cell text by row
// and column.
#include "xlsx.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "crc32.h"
#include "inflate.h"
#include "xml.h"

namespace medcode::import::xlsx {

namespace {

Error Bad(const std::string& what) { return MakeError(ErrorCode::kCorrupt, "xlsx: " + what); }

uint16_t U16(const char* p) {
  auto u = reinterpret_cast<const unsigned char*>(p);
  return static_cast<uint16_t>(u[0] | u[1] << 8);
}
uint32_t U32(const char* p) {
  auto u = reinterpret_cast<const unsigned char*>(p);
  return uint32_t(u[0]) | uint32_t(u[1]) << 8 | uint32_t(u[2]) << 16 | uint32_t(u[3]) << 24;
}

using xml::Attribute;

const std::string* Attr(const std::vector<Attribute>& atts, std::string_view local) {
  for (const auto& a : atts) {
    if (xml::LocalName(a.name) == local) return &a.value;
  }
  return nullptr;
}

// Runs the XML reader over a whole part; the handler sees local names ("x:row" -> "row":
// workbooks may use any namespace prefix).
template <class H>
std::optional<Error> ParseXml(const std::string& doc, const std::string& part, H& h) {
  struct Adapter : xml::Handler {
    explicit Adapter(H& handler) : h(handler) {}
    H& h;
    void Start(std::string_view n, const std::vector<Attribute>& a) override { h.Start(xml::LocalName(n), a); }
    void End(std::string_view n) override { h.End(xml::LocalName(n)); }
    void Text(std::string_view s) override { h.Text(s); }
    bool Done() const override { return h.Done(); }
  } adapter(h);
  if (auto e = xml::Parse(doc, adapter)) return Bad(part + " is " + e->message);
  if (h.error) return Bad(part + ": " + *h.error);
  return std::nullopt;
}

struct SharedStringsHandler {
  bool Done() const { return false; }
  explicit SharedStringsHandler(std::vector<std::string>& o) : out(o) {}
  std::vector<std::string>& out;
  std::optional<std::string> error;
  int depth_si = 0, depth_t = 0, depth_rph = 0;
  std::string cur;
  void Start(std::string_view n, const std::vector<Attribute>&) {
    if (n == "si") {
      ++depth_si;
      cur.clear();
    } else if (n == "rPh") {
      ++depth_rph;  // phonetic reading (East Asian text): not part of the value
    } else if (n == "t") {
      ++depth_t;
    }
  }
  void End(std::string_view n) {
    if (n == "si") {
      if (depth_si > 0) --depth_si;
      out.push_back(cur);
    } else if (n == "rPh") {
      if (depth_rph > 0) --depth_rph;
    } else if (n == "t") {
      if (depth_t > 0) --depth_t;
    }
  }
  void Text(std::string_view s) {
    if (depth_si > 0 && depth_t > 0 && depth_rph == 0) cur.append(s);
  }
};

struct WorkbookHandler {
  bool Done() const { return false; }
  std::vector<std::pair<std::string, std::string>> sheets;  // name, relationship id
  std::optional<std::string> error;
  void Start(std::string_view n, const std::vector<Attribute>& a) {
    if (n != "sheet") return;
    const std::string* name = Attr(a, "name");
    const std::string* rid = Attr(a, "id");  // r:id
    if (!name || !rid) {
      error = "a <sheet> lacks its name or r:id";
      return;
    }
    sheets.emplace_back(*name, *rid);
  }
  void End(std::string_view) {}
  void Text(std::string_view) {}
};

struct RelsHandler {
  bool Done() const { return false; }
  std::map<std::string, std::string> targets;  // id -> target
  std::optional<std::string> error;
  void Start(std::string_view n, const std::vector<Attribute>& a) {
    if (n != "Relationship") return;
    const std::string* id = Attr(a, "Id");
    const std::string* target = Attr(a, "Target");
    if (id && target) targets[*id] = *target;
  }
  void End(std::string_view) {}
  void Text(std::string_view) {}
};

// A cell reference "AB12" -> column 27 (0-based), row 12 (1-based). False if malformed.
bool ParseRef(std::string_view ref, int& col, uint32_t& row) {
  size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') ++i;
  col = ColumnIndex(ref.substr(0, i));
  if (col < 0 || i == ref.size()) return false;
  uint64_t r = 0;
  for (size_t k = i; k < ref.size(); ++k) {
    if (ref[k] < '0' || ref[k] > '9') return false;
    r = r * 10 + static_cast<uint64_t>(ref[k] - '0');
    if (r > kMaxRows) return false;
  }
  row = static_cast<uint32_t>(r);
  return row >= 1;
}

struct SheetHandler {
  SheetHandler(const std::vector<std::string>& s, std::vector<Row>& r, uint32_t max) : shared(s), rows(r), max_rows(max) {}
  const std::vector<std::string>& shared;
  std::vector<Row>& rows;
  const uint32_t max_rows;
  bool done = false;  // the first max_rows rows are read
  bool Done() const { return done; }
  std::optional<std::string> error;
  uint32_t row = 0;          // current row, 1-based (0 before the first)
  int next_col = 0;          // column of a cell without an r attribute
  int col = 0;
  std::string type;          // t attribute of the current cell
  bool in_cell = false, in_v = false, in_is = false, in_t = false;
  int rph = 0;
  std::string value;

  void Start(std::string_view n, const std::vector<Attribute>& a) {
    if (error) return;
    if (n == "row") {
      const std::string* r = Attr(a, "r");
      uint32_t want = row + 1;
      if (r) {
        char* end = nullptr;
        unsigned long v = std::strtoul(r->c_str(), &end, 10);
        if (r->empty() || !end || *end || v < 1 || v > kMaxRows) {
          error = "row number '" + *r + "' is not valid";
          return;
        }
        want = static_cast<uint32_t>(v);
      }
      if (want <= row) {
        error = "rows out of order (row " + std::to_string(want) + " after row " + std::to_string(row) + ")";
        return;
      }
      row = want;
      if (row > kMaxRows) {
        error = "more than " + std::to_string(kMaxRows) + " rows";
        return;
      }
      rows.resize(row);
      next_col = 0;
    } else if (n == "c") {
      if (row == 0) {
        error = "a cell outside any row";
        return;
      }
      const std::string* r = Attr(a, "r");
      col = next_col;
      if (r) {
        uint32_t rr = 0;
        if (!ParseRef(*r, col, rr) || rr != row) {
          error = "cell reference '" + *r + "' does not belong to row " + std::to_string(row);
          return;
        }
      }
      if (col >= static_cast<int>(kMaxColumns)) {
        error = "a cell beyond column XFD";
        return;
      }
      next_col = col + 1;
      const std::string* t = Attr(a, "t");
      type = t ? *t : "n";
      in_cell = true;
      value.clear();
    } else if (in_cell && n == "v") {
      in_v = true;
    } else if (in_cell && n == "is") {
      in_is = true;
    } else if (in_is && n == "rPh") {
      ++rph;
    } else if (in_is && n == "t") {
      in_t = true;
    }
  }
  void End(std::string_view n) {
    if (error) return;
    if (n == "row" && row >= max_rows) {
      rows.resize(max_rows);
      done = true;
      return;
    }
    if (n == "v") {
      in_v = false;
    } else if (n == "t") {
      in_t = false;
    } else if (n == "rPh") {
      if (rph > 0) --rph;
    } else if (n == "is") {
      in_is = false;
    } else if (n == "c" && in_cell) {
      in_cell = false;
      std::string text;
      if (type == "s") {
        char* end = nullptr;
        unsigned long idx = std::strtoul(value.c_str(), &end, 10);
        if (value.empty() || !end || *end || idx >= shared.size()) {
          error = "cell in row " + std::to_string(row) + " refers to shared string '" + value + "', which does not exist";
          return;
        }
        text = shared[idx];
      } else if (type == "b") {
        text = value == "1" ? "TRUE" : value == "0" ? "FALSE" : value;
      } else {
        text = value;  // n, str, inlineStr, e, d
      }
      Row& r = rows[row - 1];
      if (r.size() <= static_cast<size_t>(col)) r.resize(static_cast<size_t>(col) + 1);
      r[static_cast<size_t>(col)] = std::move(text);
    }
  }
  void Text(std::string_view s) {
    if (in_v || (in_t && rph == 0)) value.append(s);
  }
};

// "worksheets/sheet1.xml" relative to xl/, or an absolute "/xl/worksheets/sheet1.xml".
std::string ResolveTarget(const std::string& target) {
  if (!target.empty() && target[0] == '/') return target.substr(1);
  std::string t = target;
  std::string base = "xl/";
  while (t.rfind("../", 0) == 0) {
    t = t.substr(3);
    base.clear();
  }
  return base + t;
}

}  // namespace

int ColumnIndex(std::string_view letters) {
  if (letters.empty() || letters.size() > 3) return -1;
  int v = 0;
  for (char c : letters) {
    if (c < 'A' || c > 'Z') return -1;
    v = v * 26 + (c - 'A' + 1);
  }
  return v - 1;
}

Result<ZipArchive> ZipArchive::Open(std::string_view bytes) {
  ZipArchive z;
  z.bytes_ = bytes;
  if (bytes.size() < 22) return Bad("file too short to be a zip archive (" + std::to_string(bytes.size()) + " bytes)");
  // End of central directory: 22 bytes plus a comment of up to 65535 bytes, at the end.
  size_t lo = bytes.size() > 22 + 65535 ? bytes.size() - 22 - 65535 : 0;
  size_t eocd = std::string_view::npos;
  for (size_t p = bytes.size() - 22 + 1; p-- > lo;) {
    if (U32(bytes.data() + p) == 0x06054b50) {
      eocd = p;
      break;
    }
  }
  if (eocd == std::string_view::npos) return Bad("not a zip archive (no end-of-central-directory record)");
  const char* e = bytes.data() + eocd;
  uint16_t disk = U16(e + 4), cd_disk = U16(e + 6);
  uint16_t count = U16(e + 10);
  uint32_t cd_size = U32(e + 12), cd_off = U32(e + 16);
  if (disk != 0 || cd_disk != 0) return Bad("multi-part zip archives are not supported");
  if (count == 0xFFFF || cd_off == 0xFFFFFFFFu || cd_size == 0xFFFFFFFFu) {
    return Bad("zip64 archives are not supported");
  }
  if (uint64_t(cd_off) + cd_size > eocd) return Bad("the zip central directory lies outside the file");
  size_t p = cd_off;
  for (uint32_t i = 0; i < count; ++i) {
    if (p + 46 > uint64_t(cd_off) + cd_size || U32(bytes.data() + p) != 0x02014b50) {
      return Bad("zip central directory entry " + std::to_string(i) + " is damaged");
    }
    const char* c = bytes.data() + p;
    Entry en;
    en.flags = U16(c + 8);
    en.method = U16(c + 10);
    en.crc = U32(c + 16);
    en.compressed = U32(c + 20);
    en.size = U32(c + 24);
    uint16_t name_len = U16(c + 28), extra_len = U16(c + 30), comment_len = U16(c + 32);
    en.local_offset = U32(c + 42);
    if (p + 46 + name_len + extra_len + comment_len > uint64_t(cd_off) + cd_size) {
      return Bad("zip central directory entry " + std::to_string(i) + " runs past the directory");
    }
    std::string name(c + 46, name_len);
    if (en.compressed == 0xFFFFFFFFu || en.size == 0xFFFFFFFFu || en.local_offset == 0xFFFFFFFFu) {
      return Bad("zip64 entry " + name + " is not supported");
    }
    z.entries_[name] = en;
    p += 46 + name_len + extra_len + comment_len;
  }
  return z;
}

std::vector<std::string> ZipArchive::Names() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : entries_) out.push_back(k);
  return out;
}

Result<std::string> ZipArchive::Read(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) return Bad("the archive has no part " + name);
  const Entry& en = it->second;
  if (en.flags & 1) return Bad(name + " is encrypted");
  if (en.size > kMaxEntryBytes) return Bad(name + " is too large (" + std::to_string(en.size) + " bytes)");
  if (en.local_offset + 30 > bytes_.size() || U32(bytes_.data() + en.local_offset) != 0x04034b50) {
    return Bad("the local header of " + name + " is damaged");
  }
  const char* l = bytes_.data() + en.local_offset;
  uint64_t data = en.local_offset + 30 + U16(l + 26) + U16(l + 28);
  if (data > bytes_.size() || en.compressed > bytes_.size() - data) return Bad(name + " runs past the end of the file");
  std::string_view src = bytes_.substr(data, en.compressed);
  std::string out;
  if (en.method == 0) {
    if (en.compressed != en.size) return Bad(name + " is stored with differing sizes");
    out.assign(src);
  } else if (en.method == 8) {
    auto inflated = inflate::InflateRaw(src, en.size);
    if (!inflated) return Bad(name + " does not inflate (" + inflated.error().message + ")");
    out = std::move(*inflated);
  } else {
    return Bad(name + " uses zip compression method " + std::to_string(en.method) + " (only stored and deflate are supported)");
  }
  const uint32_t crc = Crc32(out.data(), out.size());
  if (crc != en.crc) return Bad(name + " fails its CRC-32 check (damaged archive)");
  return out;
}

Result<Workbook> Workbook::Open(std::string_view bytes) {
  auto zip = ZipArchive::Open(bytes);
  if (!zip) return zip.error();
  Workbook wb;
  wb.zip_ = std::move(*zip);
  auto book = wb.zip_.Read("xl/workbook.xml");
  if (!book) return book.error();
  WorkbookHandler wh;
  if (auto e = ParseXml(*book, "xl/workbook.xml", wh)) return *e;
  RelsHandler rh;
  if (wb.zip_.Has("xl/_rels/workbook.xml.rels")) {
    auto rels = wb.zip_.Read("xl/_rels/workbook.xml.rels");
    if (!rels) return rels.error();
    if (auto e = ParseXml(*rels, "xl/_rels/workbook.xml.rels", rh)) return *e;
  }
  for (size_t i = 0; i < wh.sheets.size(); ++i) {
    const auto& [name, rid] = wh.sheets[i];
    std::string part;
    auto t = rh.targets.find(rid);
    if (t != rh.targets.end()) part = ResolveTarget(t->second);
    else part = "xl/worksheets/sheet" + std::to_string(i + 1) + ".xml";  // the usual layout
    if (!wb.zip_.Has(part)) return Bad("sheet '" + name + "' should be in " + part + ", which the archive lacks");
    wb.names_.push_back(name);
    wb.parts_.push_back(part);
  }
  if (wb.names_.empty()) return Bad("the workbook has no sheets");
  if (wb.zip_.Has("xl/sharedStrings.xml")) {
    auto ss = wb.zip_.Read("xl/sharedStrings.xml");
    if (!ss) return ss.error();
    SharedStringsHandler sh(wb.shared_);
    if (auto e = ParseXml(*ss, "xl/sharedStrings.xml", sh)) return *e;
  }
  return wb;
}

Result<std::vector<Row>> Workbook::Rows(size_t sheet, uint32_t max_rows) const {
  if (sheet >= parts_.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "xlsx: no sheet " + std::to_string(sheet) + " (the workbook has " +
                                                      std::to_string(parts_.size()) + ")");
  }
  auto doc = zip_.Read(parts_[sheet]);
  if (!doc) return doc.error();
  std::vector<Row> rows;
  SheetHandler h(shared_, rows, max_rows);
  if (auto e = ParseXml(*doc, parts_[sheet], h)) return *e;
  return rows;
}

Result<std::vector<Row>> Workbook::Rows(const std::string& sheet_name) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == sheet_name) return Rows(i);
  }
  return MakeError(ErrorCode::kNotFound, "xlsx: the workbook has no sheet named '" + sheet_name + "'");
}

Result<Workbook> Open(std::string_view bytes) { return Workbook::Open(bytes); }

Result<std::vector<Row>> ReadFirstSheet(std::string_view bytes) {
  auto wb = Workbook::Open(bytes);
  if (!wb) return wb.error();
  return wb->Rows(0);
}

}  // namespace medcode::import::xlsx
