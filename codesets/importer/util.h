// File reading, decompression and hashing for the code-set importer (native; the in-page
// importer uses all but Decompress).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "ascii.h"
#include "csv.h"
#include "medcode/error.h"

namespace medcode::import {

Result<std::string> ReadFile(const std::string& path);
// Decompresses by file name suffix: ".xz" (liblzma), ".gz" (zlib), anything else as is
// (decompress.cpp, native only).
Result<std::string> Decompress(const std::string& name, std::string bytes);
std::string Sha256Hex(std::string_view bytes);  // the core's medcode::Sha256Hex
// Lines without their CR/LF ends.
std::vector<std::string_view> SplitLines(std::string_view text);
// Trimming (spaces, tabs, CR, LF) and CSV lines are the core's (ascii.h, csv.h).
using ascii::Trim;
using csv::ParseCsvLine;
// A manifest field of the wrong JSON type (or absent) reads as "" / 0: never throws.
std::string JsonStr(const nlohmann::json& o, const char* key);
int JsonInt(const nlohmann::json& o, const char* key);

}  // namespace medcode::import
