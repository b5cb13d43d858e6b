// File reading, line splitting and manifest field reading for the importer (the .xz/.gz
// decompression is in decompress.cpp: native only).
#include "util.h"

#include "sha256.h"

#include <cstring>
#include <fstream>
#include <sstream>

namespace medcode::import {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, "cannot open " + path + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return MakeError(ErrorCode::kIo, "cannot read " + path);
  return ss.str();
}

std::string Sha256Hex(std::string_view data) { return medcode::Sha256Hex(data); }

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

std::string JsonStr(const nlohmann::json& o, const char* k) {
  if (!o.is_object()) return {};
  auto it = o.find(k);
  return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int JsonInt(const nlohmann::json& o, const char* k) {
  if (!o.is_object()) return 0;
  auto it = o.find(k);
  return it != o.end() && it->is_number_integer() ? it->get<int>() : 0;
}

}  // namespace medcode::import
