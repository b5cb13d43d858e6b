// The steps of the ICD-10-CM import (icd10cm.cpp) that both paths run: the manifest path
// (ImportIcd10cm, from the official inputs) and a new year loaded onto an existing file
// (icd10cm_onto.cpp, from the file and the new order file). One copy of each step.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "model.h"

namespace medcode::import {

struct Icd10cmImportState;

struct Icd10cmCtx {
  Model& m;
  Report& rep;
  std::unordered_map<std::string, uint32_t> index;  // undotted code -> model index
  // Where what an input gives for a code absent from every year is kept (icd10cm_state.h);
  // nullptr: dropped.
  Icd10cmImportState* pending = nullptr;
};

// One term of the Alphabetic Index or a Table row, as read from the ICD10CM.index XML.
struct IndexNode {
  int parent = -1;
  int level = 0;
  std::string title, nemod, code, see, manif;
  std::vector<std::pair<int, std::string>> cells;  // column, code text
  std::vector<int> children;
  // For browsing (the search documents above do not use these):
  std::string printed;             // the title as printed, modifiers in place
  uint16_t nemod_begin = 0, nemod_end = 0;
  std::string code_el, subcat, seecat, see_also;  // <code>, <subcat>, <seecat>, <seeAlso> as written
};

// One book as read, before any of its code targets is checked against the code set.
struct IndexBook {
  std::vector<IndexNode> nodes;
  std::map<int, std::string> heads;  // table column headings
  std::vector<std::pair<std::string, int>> letters;  // letter heading, its first node
};

// The books in the order they are imported: manifest role, display name, table or index.
struct BookKind {
  const char* role;
  const char* label;
  bool table;
};
extern const BookKind kIndexBookKinds[4];

// A book of role `role` (one of kIndexBookKinds) as read.
struct BookRead {
  std::string role;
  IndexBook book;
};

// "E11.9" -> "E119" (upper case, dots dropped).
std::string Undot(std::string_view code);
// Blanks collapsed, trimmed.
std::string Collapse(std::string_view s);

// The order file: one code per line, in tabular order. Errors name the file and the line.
Result<bool> ParseOrder(Icd10cmCtx& ctx, const std::string& text, const std::string& name);

// Every category of ctx.m.codes without a section yet (ctx.m.category_section) is placed
// by section range, or after the category before it when a year is newer than the lists.
Result<bool> PlaceCategories(Icd10cmCtx& ctx);

// Reads an ICD10CM.index XML (index, eindex, neoplasm or drug).
Result<IndexBook> ParseBook(const std::string& xml, const std::string& name);

// Links the books' terms to the codes of ctx.m (search documents, browse trees), counting
// in the report the targets kept, header, only in an older year or dropped.
// source_of(role) is the input index of the book's file.
Result<bool> ImportBooks(Icd10cmCtx& ctx, const std::vector<BookRead>& books, const std::vector<uint8_t>& sources);

// The Index and the notes are older years' than the newest tabular. A code that became a header
// in the newest year while a new code took an Index term's or inclusion term's own words as its
// title was split ("Fasciitis, plantar" and the inclusion term "Plantar fasciitis" of M72.2,
// in FY2027 the header "Plantar fascial fibromatosis"; the new M67.A is "Plantar fasciitis"):
// those search documents go to the new code, as the newest year's books would have them; the old
// code keeps them for the older years' dates only (format::kDocOlderYears). The browse trees keep
// the books as printed.
void MoveSplitOffDocs(Model& m, Report& rep);

// "FY2027 new codes with no notes of their own" (only when the file holds several years).
void CountBareNewCodes(const Model& m, Report& rep);

// "FY2027": the code set's newest year.
std::string NewestLabel(const Model& m);

}  // namespace medcode::import
