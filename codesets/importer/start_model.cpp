// StartModel (icd10cm.h): the model every importer starts from (ICD-10-CM, HCPCS), in a file
// of its own so that the in-page importer (wasm), which has no ICD-10-CM importer, links it.
#include "icd10cm.h"
#include "util.h"

namespace medcode::import {

Model StartModel(const std::string& system, const std::vector<LoadedInput>& inputs, const nlohmann::json& entry) {
  Model m;
  m.system = system;
  m.year = JsonInt(entry, "year");
  m.label = JsonStr(entry, "label");
  m.effective_from = JsonStr(entry, "effective_from");
  m.effective_to = JsonStr(entry, "effective_to");
  for (const auto& in : inputs) m.inputs.push_back(in.info);
  return m;
}

}  // namespace medcode::import
