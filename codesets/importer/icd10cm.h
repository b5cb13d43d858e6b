#pragma once

#include <string>
#include <vector>

#include "model.h"

namespace medcode::import {

struct LoadedInput {
  InputFile info;
  std::string content;  // decompressed
};

// Loads every input of one manifest entry from codesets_dir, verifying each sha256.
// Errors name the missing or mismatched file and where it was expected.
Result<std::vector<LoadedInput>> LoadInputs(const nlohmann::json& entry, const std::string& codesets_dir);

Result<Model> ImportIcd10cm(const std::vector<LoadedInput>& inputs, const nlohmann::json& entry, Report& report);

// Imports one manifest entry (dispatching on its "system") and returns the file bytes.
Result<std::string> ImportEntry(const nlohmann::json& entry, const std::string& codesets_dir, Report& report);

}  // namespace medcode::import
