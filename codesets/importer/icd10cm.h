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
// A path starting with "project:" is relative to project_dir (the manifest's folder): the
// project's own inputs, such as the curated lexicon.
Result<std::vector<LoadedInput>> LoadInputs(const nlohmann::json& entry, const std::string& codesets_dir,
                                            const std::string& project_dir = ".");

// A model of `system` with the entry's year, label and dates and the inputs listed.
Model StartModel(const std::string& system, const std::vector<LoadedInput>& inputs, const nlohmann::json& entry);

Result<Model> ImportIcd10cm(const std::vector<LoadedInput>& inputs, const nlohmann::json& entry, Report& report);

// Imports one manifest entry (dispatching on its "system") and returns the file bytes.
Result<std::string> ImportEntry(const nlohmann::json& entry, const std::string& codesets_dir, Report& report,
                                const std::string& project_dir = ".");

// The same, the Alphabetic Index and Tables in a file of their own when the entry names an
// "index_output" (ICD-10-CM): both files are read back with the core's reader (the Index
// attached to the code set) before they are returned.
Result<CodeSetFiles> ImportEntryFiles(const nlohmann::json& entry, const std::string& codesets_dir, Report& report,
                                      const std::string& project_dir = ".");

// Parses the curated lexicon TSV (codesets/lexicon/*.tsv).
Result<std::vector<LexiconEntry>> ParseLexicon(const std::string& text, const std::string& name);

}  // namespace medcode::import
