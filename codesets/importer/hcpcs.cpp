// HCPCS Level II from the CMS alpha-numeric file (.xlsx, one sheet, 48 columns; or the
// fixed-width text of the same release, read into the same columns by hcpcs_txt.cpp):
//   HCPC, SEQNUM, RECID, LONG DESCRIPTION, SHORT DESCRIPTION, PRICE1-4, MULT_PI, CIM1-3,
//   MCM1-3, STATUTE, LABCERT1-8, XREF1-5, COV, ASC_GRP, ASC_DT, OPPS, OPPS_PI, OPPS_DT,
//   PROCNOTE, BETOS, TOS1-5, ANEST_BU, ADD DT, ACT EFF DT, TERM DT, ACTION CD.
// RECID 3 starts a code (five characters), 4 continues its long description; 7 starts a
// modifier (two characters, written right-aligned: "   KX"), 8 continues it.
//
// The code set is flat (no chapters or sections: CMS publishes no range names in these
// files). Every code is reportable between its ADD DT and its TERM DT; the writer marks a
// code whose TERM DT is before the code set's effective_from as terminated (never billable).
// Each field a coder needs that has no field of its own becomes an attribute; the meanings
// of their coded values are those of the CMS HCPCS record layout (the "CONTENTS" of the
// HCPCS contractor record: coverage, action, pricing, multiple pricing, lab certification,
// type of service and BETOS tables), written below.
#include "hcpcs.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "medcode/codeset.h"
#include "hcpcs_txt.h"
#include "lexicon.h"
#include "util.h"
#include "xlsx.h"

namespace medcode::import {
namespace {

constexpr char kMeaningsNote[] = "meanings: CMS HCPCS record layout (HCPCS contractor record)";

struct Field {
  const char* key;
  const char* label;
  std::vector<const char*> columns;  // one attribute per non-empty column
  std::map<std::string, std::string> values;
};

std::vector<Field> Fields() {
  return {
      {"coverage", "Medicare coverage (COV)", {"COV"},
       {{"C", "Carrier judgment"},
        {"D", "Special coverage instructions apply"},
        {"I", "Not payable by Medicare"},
        {"M", "Non-covered by Medicare"},
        {"S", "Non-covered by Medicare statute"}}},
      {"action", "Action in this release (ACTION CD)", {"ACTION CD"},
       {{"A", "Add procedure or modifier code"},
        {"B", "Change in both administrative data field and long description"},
        {"C", "Change in long description"},
        {"D", "Discontinue procedure or modifier code"},
        {"F", "Change in administrative data field"},
        {"N", "No maintenance for this code"},
        {"P", "Payment change (MOG, pricing indicator codes, anesthesia base units, ASC)"},
        {"R", "Re-activate discontinued/deleted procedure or modifier code"},
        {"S", "Change in short description"},
        {"T", "Miscellaneous change (BETOS, type of service)"}}},
      {"betos", "BETOS category", {"BETOS"},
       {{"M1A", "Office visits - new"}, {"M1B", "Office visits - established"}, {"M2A", "Hospital visit - initial"},
        {"M2B", "Hospital visit - subsequent"}, {"M2C", "Hospital visit - critical care"}, {"M3", "Emergency room visit"},
        {"M4A", "Home visit"}, {"M4B", "Nursing home visit"}, {"M5A", "Specialist - pathology"},
        {"M5B", "Specialist - psychiatry"}, {"M5C", "Specialist - ophthalmology"}, {"M5D", "Specialist - other"},
        {"M6", "Consultations"}, {"P0", "Anesthesia"}, {"P1A", "Major procedure - breast"},
        {"P1B", "Major procedure - colectomy"}, {"P1C", "Major procedure - cholecystectomy"},
        {"P1D", "Major procedure - TURP"}, {"P1E", "Major procedure - hysterectomy"},
        {"P1F", "Major procedure - explor/decompr/excisdisc"}, {"P1G", "Major procedure - other"},
        {"P2A", "Major procedure, cardiovascular - CABG"}, {"P2B", "Major procedure, cardiovascular - aneurysm repair"},
        {"P2C", "Major procedure, cardiovascular - thromboendarterectomy"},
        {"P2D", "Major procedure, cardiovascular - coronary angioplasty (PTCA)"},
        {"P2E", "Major procedure, cardiovascular - pacemaker insertion"},
        {"P2F", "Major procedure, cardiovascular - other"}, {"P3A", "Major procedure, orthopedic - hip fracture repair"},
        {"P3B", "Major procedure, orthopedic - hip replacement"}, {"P3C", "Major procedure, orthopedic - knee replacement"},
        {"P3D", "Major procedure, orthopedic - other"}, {"P4A", "Eye procedure - corneal transplant"},
        {"P4B", "Eye procedure - cataract removal/lens insertion"}, {"P4C", "Eye procedure - retinal detachment"},
        {"P4D", "Eye procedure - treatment of retinal lesions"}, {"P4E", "Eye procedure - other"},
        {"P5A", "Ambulatory procedures - skin"}, {"P5B", "Ambulatory procedures - musculoskeletal"},
        {"P5C", "Ambulatory procedures - inguinal hernia repair"}, {"P5D", "Ambulatory procedures - lithotripsy"},
        {"P5E", "Ambulatory procedures - other"}, {"P6A", "Minor procedures - skin"},
        {"P6B", "Minor procedures - musculoskeletal"}, {"P6C", "Minor procedures - other (Medicare fee schedule)"},
        {"P6D", "Minor procedures - other (non-Medicare fee schedule)"}, {"P7A", "Oncology - radiation therapy"},
        {"P7B", "Oncology - other"}, {"P8A", "Endoscopy - arthroscopy"}, {"P8B", "Endoscopy - upper gastrointestinal"},
        {"P8C", "Endoscopy - sigmoidoscopy"}, {"P8D", "Endoscopy - colonoscopy"}, {"P8E", "Endoscopy - cystoscopy"},
        {"P8F", "Endoscopy - bronchoscopy"}, {"P8G", "Endoscopy - laparoscopic cholecystectomy"},
        {"P8H", "Endoscopy - laryngoscopy"}, {"P8I", "Endoscopy - other"},
        {"P9A", "Dialysis services (Medicare fee schedule)"}, {"P9B", "Dialysis services (non-Medicare fee schedule)"},
        {"I1A", "Standard imaging - chest"}, {"I1B", "Standard imaging - musculoskeletal"},
        {"I1C", "Standard imaging - breast"}, {"I1D", "Standard imaging - contrast gastrointestinal"},
        {"I1E", "Standard imaging - nuclear medicine"}, {"I1F", "Standard imaging - other"},
        {"I2A", "Advanced imaging - CAT/CT/CTA: brain/head/neck"}, {"I2B", "Advanced imaging - CAT/CT/CTA: other"},
        {"I2C", "Advanced imaging - MRI/MRA: brain/head/neck"}, {"I2D", "Advanced imaging - MRI/MRA: other"},
        {"I3A", "Echography/ultrasonography - eye"}, {"I3B", "Echography/ultrasonography - abdomen/pelvis"},
        {"I3C", "Echography/ultrasonography - heart"}, {"I3D", "Echography/ultrasonography - carotid arteries"},
        {"I3E", "Echography/ultrasonography - prostate, transrectal"}, {"I3F", "Echography/ultrasonography - other"},
        {"I4A", "Imaging/procedure - heart including cardiac catheterization"}, {"I4B", "Imaging/procedure - other"},
        {"T1A", "Lab tests - routine venipuncture (non-Medicare fee schedule)"},
        {"T1B", "Lab tests - automated general profiles"}, {"T1C", "Lab tests - urinalysis"},
        {"T1D", "Lab tests - blood counts"}, {"T1E", "Lab tests - glucose"}, {"T1F", "Lab tests - bacterial cultures"},
        {"T1G", "Lab tests - other (Medicare fee schedule)"}, {"T1H", "Lab tests - other (non-Medicare fee schedule)"},
        {"T2A", "Other tests - electrocardiograms"}, {"T2B", "Other tests - cardiovascular stress tests"},
        {"T2C", "Other tests - EKG monitoring"}, {"T2D", "Other tests - other"}, {"D1A", "Medical/surgical supplies"},
        {"D1B", "Hospital beds"}, {"D1C", "Oxygen and supplies"}, {"D1D", "Wheelchairs"}, {"D1E", "Other DME"},
        {"D1F", "Prosthetic/orthotic devices"}, {"D1G", "Drugs administered through DME"}, {"O1A", "Ambulance"},
        {"O1B", "Chiropractic"}, {"O1C", "Enteral and parenteral"}, {"O1D", "Chemotherapy"}, {"O1E", "Other drugs"},
        {"O1F", "Hearing and speech services"}, {"O1G", "Immunizations/vaccinations"},
        {"Y1", "Other - Medicare fee schedule"}, {"Y2", "Other - non-Medicare fee schedule"}, {"Z1", "Local codes"},
        {"Z2", "Undefined codes"}}},
      {"tos", "Type of service (TOS)", {"TOS1", "TOS2", "TOS3", "TOS4", "TOS5"},
       {{"0", "Whole blood"}, {"1", "Medical care"}, {"2", "Surgery"}, {"3", "Consultation"},
        {"4", "Diagnostic radiology"}, {"5", "Diagnostic laboratory"}, {"6", "Therapeutic radiology"},
        {"7", "Anesthesia"}, {"8", "Assistant at surgery"}, {"9", "Other medical items or services"},
        {"A", "Used durable medical equipment (DME)"}, {"D", "Ambulance"}, {"E", "Enteral/parenteral nutrients/supplies"},
        {"F", "Ambulatory surgical center (facility usage for surgical services)"}, {"G", "Immunosuppressive drugs"},
        {"J", "Diabetic shoes"}, {"K", "Hearing items and services"}, {"L", "ESRD supplies"},
        {"M", "Monthly capitation payment for dialysis"}, {"N", "Kidney donor"},
        {"P", "Lump sum purchase of DME, prosthetics, orthotics"}, {"Q", "Vision items or services"},
        {"R", "Rental of DME"}, {"S", "Surgical dressings or other medical supplies"},
        {"T", "Outpatient mental health limitation"}, {"U", "Occupational therapy"},
        {"V", "Pneumococcal/flu vaccine"}, {"W", "Physical therapy"}}},
      {"pricing", "Pricing indicator (PRICE1-4)", {"PRICE1", "PRICE2", "PRICE3", "PRICE4"},
       {{"00", "Service not separately priced by Part B"}, {"11", "Price established using national RVUs"},
        {"12", "Price established using national anesthesia base units"},
        {"13", "Price established by carriers (not otherwise classified, individual determination, carrier discretion)"},
        {"21", "Clinical lab fee schedule: price subject to national limitation amount"},
        {"22", "Clinical lab fee schedule: price established by carriers (gap-fills, carrier established panels)"},
        {"31", "Frequently serviced DME (price subject to floors and ceilings)"},
        {"32", "Inexpensive and routinely purchased DME (price subject to floors and ceilings)"},
        {"33", "Oxygen and oxygen equipment (price subject to floors and ceilings)"},
        {"34", "DME supplies (price subject to floors and ceilings)"},
        {"35", "Surgical dressings (price subject to floors and ceilings)"},
        {"36", "Capped rental DME (price subject to floors and ceilings)"},
        {"37", "Ostomy, tracheostomy and urological supplies (price subject to floors and ceilings)"},
        {"38", "Orthotics, prosthetics, prosthetic devices and vision services (price subject to floors and ceilings)"},
        {"39", "Parenteral and enteral nutrition"}, {"45", "Customized DME items"},
        {"46", "Carrier priced (not otherwise classified, individual determination, carrier discretion, gap-filled amounts)"},
        {"51", "Drugs"}, {"52", "Reasonable charge"}, {"53", "Statute"}, {"54", "Vaccinations"},
        {"55", "Splints and casts"}, {"56", "IOLs inserted in a physician's office"}, {"57", "Other carrier priced"},
        {"99", "Value not established"}}},
      {"multiple_pricing", "Multiple pricing indicator (MULT_PI)", {"MULT_PI"},
       {{"9", "Not applicable: not priced separately by Part B, or value not established"},
        {"A", "Not applicable: priced under one methodology"},
        {"B", "Professional component priced using RVUs; technical component and global service priced by carriers"},
        {"C", "Physician interpretation priced under the physician fee schedule; lab service under the clinical lab fee schedule"},
        {"D", "Physician service under the physician fee schedule; clinical psychologist service under its fee schedule"},
        {"E", "Physician, clinical psychologist and clinical social worker services under their own fee schedules"},
        {"F", "Physician service priced by carriers; clinical psychologist and social worker under their fee schedules"},
        {"G", "Clinical lab service under reasonable charge with blood products on the claim, else the lab fee schedule"}}},
      {"xref", "Cross-reference code (XREF)", {"XREF1", "XREF2", "XREF3", "XREF4", "XREF5"}, {}},
      {"statute", "Statute (STATUTE)", {"STATUTE"}, {}},
      {"cim", "Coverage Issues Manual section (CIM)", {"CIM1", "CIM2", "CIM3"}, {}},
      {"mcm", "Medicare Carriers Manual section (MCM)", {"MCM1", "MCM2", "MCM3"}, {}},
      {"labcert", "Lab certification (LABCERT)", {"LABCERT1", "LABCERT2", "LABCERT3", "LABCERT4", "LABCERT5", "LABCERT6", "LABCERT7", "LABCERT8"},
       {{"010", "Histocompatibility testing"}, {"100", "Microbiology"}, {"110", "Bacteriology"},
        {"115", "Mycobacteriology"}, {"120", "Mycology"}, {"130", "Parasitology"}, {"140", "Virology"},
        {"150", "Other microbiology"}, {"200", "Diagnostic immunology"}, {"210", "Syphilis serology"},
        {"220", "General immunology"}, {"300", "Chemistry"}, {"310", "Routine chemistry"}, {"320", "Urinalysis"},
        {"330", "Endocrinology"}, {"340", "Toxicology"}, {"350", "Other chemistry"}, {"400", "Hematology"},
        {"500", "Immunohematology"}, {"510", "ABO group and Rh type"}, {"520", "Antibody detection (transfusion)"},
        {"530", "Antibody detection (nontransfusion)"}, {"540", "Antibody identification"},
        {"550", "Compatibility testing"}, {"560", "Other immunohematology"}, {"600", "Pathology"},
        {"610", "Histopathology"}, {"620", "Oral pathology"}, {"630", "Cytology"}, {"800", "Radiobioassay"},
        {"900", "Clinical cytogenetics"}}},
      {"asc", "ASC payment group (ASC_GRP)", {"ASC_GRP"},
       {{"YY", "Approved to be performed in an ambulatory surgical center"}}},
      {"asc_date", "ASC payment group effective date (ASC_DT)", {"ASC_DT"}, {}},
      {"opps", "OPPS payment indicator (OPPS)", {"OPPS"}, {}},
      {"opps_pi", "OPPS policy indicator (OPPS_PI)", {"OPPS_PI"}, {}},
      {"opps_date", "OPPS effective date (OPPS_DT)", {"OPPS_DT"}, {}},
      {"procnote", "Processing note number (PROCNOTE)", {"PROCNOTE"}, {}},
      {"anesthesia_base_units", "Anesthesia base units (ANEST_BU)", {"ANEST_BU"}, {}},
  };
}

bool IsUpperAlnum(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

std::string UpperTrim(std::string_view s) { return ascii::Upper(Trim(s)); }

// "20251001" -> 20251001; "" -> 0; malformed -> nullopt.
std::optional<uint32_t> Date(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return 0u;
  if (s.size() != 8) return std::nullopt;
  if (uint32_t d = ParseDate(s)) return d;
  return std::nullopt;
}

// "Cane, adjustable" + "or fixed" -> "Cane, adjustable or fixed" (continuation lines).
void AppendText(std::string& to, std::string_view more) {
  more = Trim(more);
  if (more.empty()) return;
  if (!to.empty()) to += ' ';
  to.append(more);
}

}  // namespace

Result<Model> ImportHcpcs(const std::vector<LoadedInput>& inputs, const nlohmann::json& entry, Report& rep) {
  Model m = StartModel("HCPCS", inputs, entry);
  m.flat = true;
  m.dot_after = 0;
  const LoadedInput* in = nullptr;
  for (const auto& x : inputs) {
    if (x.info.role == "hcpcs") in = &x;
  }
  if (!in) return MakeError(ErrorCode::kInvalidArgument, "manifest lacks the 'hcpcs' input (the alpha-numeric file, .xlsx or .txt)");
  // The curated lexicon (optional): brand and lay words read as HCPCS titles write them.
  for (const auto& x : inputs) {
    if (x.info.role != "lexicon") continue;
    auto lex = ParseLexicon(x.content, x.info.name);
    if (!lex) return lex.error();
    m.lexicon = std::move(*lex);
  }
  const uint8_t source = static_cast<uint8_t>(in - inputs.data());
  auto bad = [&](const std::string& why) { return MakeError(ErrorCode::kCorrupt, in->info.name + ": " + why); };

  // The workbook, or the fixed-width text (its records as rows of the workbook's columns,
  // each with its line in the file for the messages).
  const bool fixed_width = !in->content.starts_with("PK\x03\x04") && hcpcs_txt::LooksLikeHcpcsText(in->content);
  std::vector<size_t> lines;
  Result<std::vector<xlsx::Row>> rows = std::vector<xlsx::Row>{};
  if (fixed_width) {
    auto t = hcpcs_txt::Read(in->content);
    if (!t) return bad(t.error().message);
    rows = std::move(t->rows);
    lines = std::move(t->lines);
  } else {
    rows = xlsx::ReadFirstSheet(in->content);
  }
  if (!rows) return bad(rows.error().message);
  // The header row: the first row naming the HCPC and RECID columns.
  size_t header = 0;
  std::map<std::string, int> col;
  for (; header < rows->size() && header < 20; ++header) {
    col.clear();
    const auto& r = (*rows)[header];
    for (size_t c = 0; c < r.size(); ++c) {
      std::string name = UpperTrim(r[c]);
      if (!name.empty() && !col.count(name)) col[name] = static_cast<int>(c);
    }
    if (col.count("HCPC") && col.count("RECID")) break;
  }
  if (header >= rows->size() || header >= 20) return bad("no header row naming the HCPC and RECID columns");
  for (const char* need : {"LONG DESCRIPTION", "SHORT DESCRIPTION", "ADD DT", "ACT EFF DT", "TERM DT", "ACTION CD"}) {
    if (!col.count(need)) return bad(std::string("the header row lacks the ") + need + " column");
  }
  auto cell = [&](const xlsx::Row& r, const char* name) -> std::string_view {
    auto it = col.find(name);
    if (it == col.end() || static_cast<size_t>(it->second) >= r.size()) return {};
    return Trim(r[it->second]);
  };

  const std::vector<Field> fields = Fields();
  for (const Field& f : fields) {
    AttributeDef d{f.key, f.label, f.values, f.values.empty() ? "" : kMeaningsNote};
    m.attribute_defs.push_back(std::move(d));
  }
  int64_t missing_columns = 0;
  for (const Field& f : fields) {
    for (const char* c : f.columns) missing_columns += col.count(c) ? 0 : 1;
  }
  rep.counts["optional columns absent"] = missing_columns;

  std::set<std::string> seen_codes, seen_mods;
  std::map<std::string, int64_t> code_actions, mod_actions, coverage;
  std::map<std::string, int64_t> unknown_values;  // "betos O1L" -> count
  int64_t continuations = 0, no_add_date = 0, term_in_period = 0;
  const uint32_t from = ParseDate(m.effective_from), to = ParseDate(m.effective_to);
  // Continuation lines (RECID 4 / 8) go to the record they follow.
  std::string* last_long = nullptr;
  std::string last_code;
  for (size_t i = header + 1; i < rows->size(); ++i) {
    const auto& r = (*rows)[i];
    const std::string what = in->info.name + (fixed_width ? " line " + std::to_string(lines[i]) : " row " + std::to_string(i + 1));
    std::string code = UpperTrim(cell(r, "HCPC"));
    std::string recid(cell(r, "RECID"));
    if (code.empty() && recid.empty() && cell(r, "LONG DESCRIPTION").empty()) continue;  // an empty row
    if (recid == "4" || recid == "8") {
      if (!last_long || code != last_code) {
        rep.Skip("continuation line without the record it continues", what + ": " + code);
        continue;
      }
      AppendText(*last_long, cell(r, "LONG DESCRIPTION"));
      ++continuations;
      continue;
    }
    last_long = nullptr;
    if (recid != "3" && recid != "7") {
      rep.Skip("row with an unknown record type (RECID not 3, 4, 7 or 8)", what + ": RECID '" + recid + "'");
      continue;
    }
    const bool modifier = recid == "7";
    bool shaped = modifier ? code.size() == 2 && IsUpperAlnum(code[0]) && IsUpperAlnum(code[1])
                           : code.size() == 5 && code[0] >= 'A' && code[0] <= 'Z' &&
                                 std::all_of(code.begin() + 1, code.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!shaped) {
      rep.Skip(modifier ? "modifier row whose code is not two letters or digits" : "code row whose code is not a letter and four digits",
               what + ": '" + code + "'");
      continue;
    }
    auto added = Date(cell(r, "ADD DT")), effective = Date(cell(r, "ACT EFF DT")), term = Date(cell(r, "TERM DT"));
    if (!added || !effective || !term) {
      rep.Skip("row with a date that is not YYYYMMDD", what + ": " + code);
      continue;
    }
    if (*term && *added && *term < *added) {
      rep.Skip("row terminated before it was added", what + ": " + code);
      continue;
    }
    std::string title(cell(r, "LONG DESCRIPTION")), short_title(cell(r, "SHORT DESCRIPTION"));
    if (title.empty()) title = short_title;
    if (title.empty()) {
      rep.Skip("row without a description", what + ": " + code);
      continue;
    }
    std::string action = UpperTrim(cell(r, "ACTION CD"));
    std::string cov = UpperTrim(cell(r, "COV"));
    if (action.size() > 1 || cov.size() > 1) {
      rep.Skip("row whose action or coverage code is not one character", what + ": " + code);
      continue;
    }
    if (!*added) ++no_add_date;
    if (modifier) {
      if (!seen_mods.insert(code).second) {
        rep.Skip("modifier listed twice (first kept)", what + ": " + code);
        continue;
      }
      Modifier md;
      md.code = code;
      md.title = title;
      md.short_title = short_title;
      md.added = *added;
      md.effective = *effective;
      md.terminated = *term;
      md.action = action.empty() ? 0 : action[0];
      md.coverage = cov.empty() ? 0 : cov[0];
      md.source = source;
      m.modifiers.push_back(std::move(md));
      last_long = &m.modifiers.back().title;
      ++mod_actions[action.empty() ? "(none)" : action];
      if (*term && from && *term < from) ++rep.counts["modifiers terminated"];
    } else {
      if (!seen_codes.insert(code).second) {
        rep.Skip("code listed twice (first kept)", what + ": " + code);
        continue;
      }
      Code c;
      c.code = code;
      c.category = code.substr(0, 3);
      c.billable = true;  // reportable between its added and termination dates (the writer applies them)
      c.title = title;
      c.short_title = short_title;
      c.added = *added;
      c.effective = *effective;
      c.terminated = *term;
      if (*term && from && *term >= from && (!to || *term <= to)) ++term_in_period;
      if (*added && to && *added > to) rep.Skip("code added after the code set's period (kept, not in force)", what + ": " + code);
      for (uint16_t k = 0; k < fields.size(); ++k) {
        for (const char* column : fields[k].columns) {
          std::string v(cell(r, column));
          if (v.empty() || (fields[k].key == std::string("anesthesia_base_units") && v == "0")) continue;
          // Codes in the file are upper case; statute and manual references keep their case.
          if (fields[k].key == std::string("xref") || !fields[k].values.empty()) v = UpperTrim(v);
          if (!fields[k].values.empty() && !fields[k].values.count(v)) ++unknown_values[std::string(fields[k].key) + " " + v];
          c.attributes.push_back({k, v, source});
        }
      }
      m.codes.push_back(std::move(c));
      last_long = &m.codes.back().title;
      ++code_actions[action.empty() ? "(none)" : action];
      if (!cov.empty()) ++coverage[cov];
    }
    last_code = code;
  }
  if (m.codes.empty()) return bad("no code rows (RECID 3)");
  // Alphabetical order is the file's order for codes; keep it whatever the file did.
  std::stable_sort(m.codes.begin(), m.codes.end(), [](const Code& a, const Code& b) { return a.code < b.code; });

  int64_t terminated = 0;
  for (const Code& c : m.codes) terminated += c.terminated && from && c.terminated < from ? 1 : 0;
  rep.counts["codes"] = static_cast<int64_t>(m.codes.size());
  rep.counts["codes terminated before the code set takes effect (not billable)"] = terminated;
  rep.counts["codes terminated during the code set's period"] = term_in_period;
  rep.counts["modifiers"] = static_cast<int64_t>(m.modifiers.size());
  if (!rep.counts.count("modifiers terminated")) rep.counts["modifiers terminated"] = 0;
  rep.counts["continuation lines joined"] = continuations;
  rep.counts["records without an add date"] = no_add_date;
  const AttributeDef& actions = m.attribute_defs[1];
  for (const auto& [a, n] : code_actions) {
    auto it = actions.values.find(a);
    rep.counts["codes by action code: " + a + (it != actions.values.end() ? " (" + it->second + ")" : "")] = n;
  }
  for (const auto& [a, n] : mod_actions) rep.counts["modifiers by action code: " + a] = n;
  for (const auto& [cv, n] : coverage) {
    auto it = m.attribute_defs[0].values.find(cv);
    rep.counts["codes by coverage code: " + cv + (it != m.attribute_defs[0].values.end() ? " (" + it->second + ")" : "")] = n;
  }
  for (const auto& [v, n] : unknown_values) {
    rep.Skip("attribute value the record layout does not define (kept, shown without a meaning)", v + " (" + std::to_string(n) + " codes)");
  }
  return m;
}

}  // namespace medcode::import
