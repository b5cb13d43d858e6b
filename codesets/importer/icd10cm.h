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

struct Icd10cmImportState;

// The model of the code set; *state (when given): the import state that lets a later year
// be compiled onto the file (icd10cm_state.h).
Result<Model> ImportIcd10cm(const std::vector<LoadedInput>& inputs, const nlohmann::json& entry, Report& report,
                            Icd10cmImportState* state = nullptr);

// The file name an entry is written as: its "output", else its id + ".mcs".
std::string EntryOutputName(const nlohmann::json& entry);

// Imports one manifest entry (dispatching on its "system") and returns the file bytes.
// *import_state (when given) receives the file written beside it for an ICD-10-CM entry
// (its import state, icd10cm_state.h; named ImportStateFileName(EntryOutputName(entry))),
// and is left empty for the other systems.
Result<std::string> ImportEntry(const nlohmann::json& entry, const std::string& codesets_dir, Report& report,
                                const std::string& project_dir = ".", std::string* import_state = nullptr);

// The same, the Alphabetic Index and Tables in a file of their own when the entry names an
// "index_output" (ICD-10-CM): both files are read back with the core's reader (the Index
// attached to the code set) before they are returned. *import_state as for ImportEntry
// (for the code set as written here, without its Index).
Result<CodeSetFiles> ImportEntryFiles(const nlohmann::json& entry, const std::string& codesets_dir, Report& report,
                                      const std::string& project_dir = ".", std::string* import_state = nullptr);

}  // namespace medcode::import
