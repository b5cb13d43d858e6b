// Lookup: code forms, hierarchy, billable flag, notes with inheritance and provenance.
#include <gtest/gtest.h>

#include <algorithm>

#include "fixture.h"
#include "medcode/lookup.h"

namespace {

using namespace medcode;
using medcode::fx::FixtureCodeSet;

const CodeSet& CS() { return FixtureCodeSet(); }

CodeDetail L(std::string_view code) {
  auto r = Lookup(CS(), code);
  EXPECT_TRUE(r.ok()) << code << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : CodeDetail{};
}

std::vector<const NoteView*> NotesOf(const CodeDetail& d, std::string_view kind) {
  std::vector<const NoteView*> out;
  for (const auto& n : d.notes) {
    if (n.kind == kind) out.push_back(&n);
  }
  return out;
}

const NoteView* FindNote(const CodeDetail& d, std::string_view kind, std::string_view text_part) {
  for (const auto& n : d.notes) {
    if (n.kind == kind && n.text.find(text_part) != std::string::npos) return &n;
  }
  return nullptr;
}

const std::string kNotesSrc = "icd10cm_instructional_notes.json (FY2026, derived)";
const std::string kTabularSrc = "icd10cm_tabular_2023.xml (FY2023, official)";
const std::string kAddendaSrc = "icd10cm_codes_addenda_2026.txt (FY2026, official)";

TEST(CodeSet, MetaAndCounts) {
  const auto& m = CS().meta();
  EXPECT_EQ(m.system, "ICD-10-CM");
  EXPECT_EQ(m.year, 2026);
  EXPECT_EQ(m.label, "ICD-10-CM FY2026 (test fixture)");
  EXPECT_EQ(m.effective_from, "2025-10-01");
  EXPECT_EQ(m.effective_to, "2026-09-30");
  auto entry = fx::FixtureEntry();
  ASSERT_EQ(m.inputs.size(), entry["inputs"].size());
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    EXPECT_EQ(m.inputs[i].role, entry["inputs"][i]["role"]);
    EXPECT_EQ(m.inputs[i].name, entry["inputs"][i]["name"]);
    EXPECT_EQ(m.inputs[i].sha256, entry["inputs"][i]["sha256"]);
    EXPECT_EQ(m.inputs[i].year, entry["inputs"][i]["year"]);
  }
  EXPECT_EQ(CS().size(), 54u);  // lines of the fixture order file
  uint32_t billable = 0;
  for (uint32_t i = 0; i < CS().size(); ++i) billable += CS().billable(i);
  EXPECT_EQ(billable, 31u);
  EXPECT_EQ(CS().chapters().size(), 4u);
  EXPECT_EQ(CS().sections().size(), 6u);
  EXPECT_EQ(CS().seventh_defs().size(), 4u);  // S52, T36, W21, W22
  EXPECT_EQ(CS().deleted().size(), 2u);       // E11.69, E78.01
  EXPECT_EQ(CS().SourceLabel(0), "icd10cm_order_2026.txt (FY2026, official)");
}

TEST(CodeSet, FindAcceptsAnyCaseDottedOrNot) {
  auto idx = CS().Find("E11.9");
  ASSERT_TRUE(idx.has_value());
  for (const char* form : {"E119", "e11.9", "e119", " E11.9 ", "\tE11.9"}) {
    EXPECT_EQ(CS().Find(form), idx) << form;
  }
  EXPECT_EQ(CS().code(*idx), "E119");
  EXPECT_EQ(CS().Dotted(*idx), "E11.9");
  EXPECT_EQ(CS().Find("t36.0x1a"), CS().Find("T360X1A"));
  for (const char* absent : {"E11.99", "E1", "", "E11..9", "E11-9", "E1191234", "Ménière"}) {
    EXPECT_FALSE(CS().Find(absent).has_value()) << absent;
  }
}

TEST(CodeSet, NormalizeAndDot) {
  EXPECT_EQ(NormalizeCode(" e11.9 "), "E119");
  EXPECT_EQ(NormalizeCode("T36.0X1A"), "T360X1A");
  EXPECT_EQ(NormalizeCode("E11..9"), "");
  EXPECT_EQ(NormalizeCode("E1"), "");
  EXPECT_EQ(NormalizeCode("E11.91234"), "");  // 8 characters
  EXPECT_EQ(NormalizeCode("E11 9"), "");
  EXPECT_EQ(DotCode("E119"), "E11.9");
  EXPECT_EQ(DotCode("E11"), "E11");
  EXPECT_EQ(DotCode("T360X1A"), "T36.0X1A");
}

TEST(CodeSet, SortedAndPrefixRange) {
  auto s = CS().sorted();
  ASSERT_EQ(s.size(), CS().size());
  for (size_t k = 1; k < s.size(); ++k) EXPECT_LT(CS().code(s[k - 1]), CS().code(s[k]));
  auto [lo, hi] = CS().PrefixRange("E11");
  EXPECT_EQ(hi - lo, 7u);  // E11, E11.6, E11.65, E11.690, E11.691, E11.9, E11.A
  auto [lo2, hi2] = CS().PrefixRange("E116");
  EXPECT_EQ(hi2 - lo2, 4u);
  auto [lo3, hi3] = CS().PrefixRange("Q99");
  EXPECT_EQ(hi3, lo3);
}

TEST(Lookup, DottedUndottedAnyCase) {
  for (const char* form : {"E11.9", "E119", "e11.9", "e119"}) {
    CodeDetail d = L(form);
    EXPECT_EQ(d.code, "E11.9") << form;
    EXPECT_EQ(d.title, "Type 2 diabetes mellitus without complications");
    EXPECT_EQ(d.short_title, "Type 2 diabetes mellitus without complications");
    EXPECT_TRUE(d.billable);
  }
}

TEST(Lookup, HierarchyChapterToCode) {
  CodeDetail d = L("E11.65");
  ASSERT_EQ(d.hierarchy.size(), 5u);
  EXPECT_EQ(d.hierarchy[0].level, "chapter");
  EXPECT_EQ(d.hierarchy[0].code, "4");
  EXPECT_EQ(d.hierarchy[0].title, "Endocrine, nutritional and metabolic diseases (E00-E89)");
  EXPECT_EQ(d.hierarchy[1].level, "section");
  EXPECT_EQ(d.hierarchy[1].code, "E08-E13");
  EXPECT_EQ(d.hierarchy[1].title, "Diabetes mellitus (E08-E13)");
  EXPECT_EQ(d.hierarchy[2].level, "category");
  EXPECT_EQ(d.hierarchy[2].code, "E11");
  EXPECT_EQ(d.hierarchy[3].level, "subcategory");
  EXPECT_EQ(d.hierarchy[3].code, "E11.6");
  EXPECT_EQ(d.hierarchy[4].level, "code");
  EXPECT_EQ(d.hierarchy[4].code, "E11.65");
  EXPECT_EQ(d.hierarchy[4].title, d.title);
}

TEST(Lookup, HierarchyWithPlaceholderLevels) {
  CodeDetail d = L("T36.0X1A");
  std::vector<std::string> codes;
  for (const auto& h : d.hierarchy) codes.push_back(h.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"19", "T36-T50", "T36", "T36.0", "T36.0X", "T36.0X1", "T36.0X1A"}));
  EXPECT_EQ(d.hierarchy.back().level, "code");
  EXPECT_EQ(d.hierarchy[5].level, "subcategory");
}

TEST(Lookup, CategoryLevelAndSectionByRange) {
  CodeDetail d = L("E11");
  ASSERT_EQ(d.hierarchy.size(), 3u);
  EXPECT_EQ(d.hierarchy.back().level, "category");
  // W22 is missing from the fixture categories CSV: the importer places it by section range.
  CodeDetail w = L("W22.8XXA");
  ASSERT_GE(w.hierarchy.size(), 3u);
  EXPECT_EQ(w.hierarchy[0].code, "20");
  EXPECT_EQ(w.hierarchy[1].code, "W20-W49");
}

TEST(Lookup, BillableFlagAndChildren) {
  EXPECT_FALSE(L("E11").billable);
  EXPECT_FALSE(L("E11.6").billable);
  EXPECT_TRUE(L("E11.65").billable);
  EXPECT_FALSE(L("T36.0X1").billable);
  EXPECT_TRUE(L("T36.0X1A").billable);
  CodeDetail d = L("E11");
  std::vector<std::string> kids;
  for (const auto& c : d.children) kids.push_back(c.code);
  EXPECT_EQ(kids, (std::vector<std::string>{"E11.6", "E11.9", "E11.A"}));  // direct children, tabular order
  EXPECT_FALSE(d.children[0].billable);
  EXPECT_TRUE(d.children[1].billable);
  EXPECT_TRUE(L("E11.9").children.empty());
}

TEST(Lookup, AddendaFlags) {
  EXPECT_TRUE(L("E11.A").new_this_year);
  EXPECT_FALSE(L("E11.9").new_this_year);
  EXPECT_TRUE(L("H81.01").revised_this_year);
  EXPECT_FALSE(L("H81.02").revised_this_year);
  // Deleted as a billable code and still present as a header (like D71 in FY2026).
  CodeDetail d = L("E78.01");
  EXPECT_FALSE(d.billable);
  EXPECT_NE(d.deleted_note.find(kAddendaSrc), std::string::npos) << d.deleted_note;
  EXPECT_TRUE(L("E78.00").deleted_note.empty());
}

TEST(Lookup, TitleWithApostropheAndNonAscii) {
  CodeDetail d = L("H81.01");
  EXPECT_EQ(d.title, "M\xC3\xA9ni\xC3\xA8re's disease, right ear");
  EXPECT_EQ(d.short_title, "Meniere's disease, right ear");
}

TEST(Lookup, CategoryExcludes1IsInheritedByCodesBelow) {
  CodeDetail d = L("E11.9");
  // Own notes first, not inherited.
  ASSERT_FALSE(d.notes.empty());
  EXPECT_EQ(d.notes[0].from, "E11.9");
  EXPECT_FALSE(d.notes[0].inherited);
  const NoteView* own = FindNote(d, "excludes1", "in remission (E11.A)");
  ASSERT_NE(own, nullptr);
  EXPECT_FALSE(own->inherited);
  ASSERT_EQ(own->refs.size(), 1u);
  EXPECT_EQ(own->refs[0].first, "E11.A");

  const NoteView* inh = FindNote(d, "excludes1", "type 1 diabetes mellitus (E10.-)");
  ASSERT_NE(inh, nullptr);
  EXPECT_TRUE(inh->inherited);
  EXPECT_EQ(inh->from, "E11");
  EXPECT_EQ(inh->from_level, "category");
  ASSERT_EQ(inh->refs.size(), 1u);
  EXPECT_EQ(inh->refs[0].first, "E10");
  EXPECT_EQ(inh->refs[0].last, "E10");
  // Own notes come before the inherited ones.
  EXPECT_LT(own, inh);

  // The same Excludes1 on the category itself is not inherited there.
  CodeDetail e11 = L("E11"), e11690 = L("E11.690"), e109 = L("E10.9");
  const NoteView* at_cat = FindNote(e11, "excludes1", "type 1 diabetes mellitus (E10.-)");
  ASSERT_NE(at_cat, nullptr);
  EXPECT_FALSE(at_cat->inherited);

  // Two levels down, through a subcategory.
  const NoteView* deep = FindNote(e11690, "excludes1", "type 1 diabetes mellitus");
  ASSERT_NE(deep, nullptr);
  EXPECT_TRUE(deep->inherited);
  // But not to another category.
  EXPECT_EQ(FindNote(e109, "excludes1", "type 1 diabetes mellitus"), nullptr);
}

TEST(Lookup, InclusionTermsAreNotInherited) {
  EXPECT_EQ(NotesOf(L("E11.6"), "inclusionTerm").size(), 1u);
  EXPECT_TRUE(NotesOf(L("E11.65"), "inclusionTerm").empty());
  EXPECT_TRUE(NotesOf(L("E11.690"), "inclusionTerm").empty());
  CodeDetail h810 = L("H81.0"), e1165 = L("E11.65");
  auto meniere = NotesOf(h810, "inclusionTerm");
  ASSERT_EQ(meniere.size(), 2u);
  EXPECT_EQ(meniere[1]->text, "M\xC3\xA9ni\xC3\xA8re's syndrome or vertigo");
  EXPECT_TRUE(NotesOf(L("H81.01"), "inclusionTerm").empty());
  // Other kinds from the same subcategory are inherited (codeAlso at E11.6).
  const NoteView* ca = FindNote(e1165, "codeAlso", "any associated complication");
  ASSERT_NE(ca, nullptr);
  EXPECT_TRUE(ca->inherited);
  EXPECT_EQ(ca->from, "E11.6");
  ASSERT_EQ(ca->refs.size(), 2u);
  EXPECT_EQ(ca->refs[1].first, "E11.690");
}

TEST(Lookup, SectionAndChapterNotes) {
  CodeDetail d = L("S52.001A");
  const NoteView* sec = FindNote(d, "excludes2", "burns and corrosions (T20-T32)");
  ASSERT_NE(sec, nullptr);
  EXPECT_EQ(sec->from, "Section S50-S59");
  EXPECT_EQ(sec->from_level, "section");
  EXPECT_TRUE(sec->inherited);
  ASSERT_EQ(sec->refs.size(), 1u);
  EXPECT_EQ(sec->refs[0].first, "T20");
  EXPECT_EQ(sec->refs[0].last, "T32");
  const NoteView* ch = FindNote(d, "excludes1", "birth trauma");
  ASSERT_NE(ch, nullptr);
  EXPECT_EQ(ch->from, "Chapter 19");
  EXPECT_EQ(ch->from_level, "chapter");
  // Order: own/ancestors, then section, then chapter.
  EXPECT_LT(FindNote(d, "excludes1", "traumatic amputation"), sec);
  EXPECT_LT(sec, ch);
  // Multi-line XML note text is collapsed; a leading ", " of a codeFirst note is dropped.
  CodeDetail e109 = L("E10.9"), t36 = L("T36.0X1A");
  const NoteView* ml = FindNote(e109, "notes", "combination codes");
  ASSERT_NE(ml, nullptr);
  EXPECT_EQ(ml->text.find('\n'), std::string::npos);
  EXPECT_EQ(ml->text.find("  "), std::string::npos);
  EXPECT_NE(ml->text.find("mellitus, the body system"), std::string::npos) << ml->text;
  const NoteView* cf = FindNote(t36, "codeFirst", "adverse effect NOS (T88.7)");
  ASSERT_NE(cf, nullptr);
  EXPECT_EQ(cf->text.substr(0, 4), "for ") << cf->text;
  EXPECT_EQ(cf->from, "Section T36-T50");
}

TEST(Lookup, ProvenanceNamesFileAndYear) {
  CodeDetail d = L("E11.65");
  const NoteView* ex = FindNote(d, "excludes1", "type 1 diabetes mellitus");
  ASSERT_NE(ex, nullptr);
  EXPECT_EQ(ex->source, kNotesSrc);
  EXPECT_EQ(ex->source_year, 2026);
  const NoteView* ca = FindNote(d, "codeAlso", "any associated complication");
  ASSERT_NE(ca, nullptr);
  EXPECT_EQ(ca->source, kTabularSrc);
  EXPECT_EQ(ca->source_year, 2023);
  const NoteView* chap = FindNote(d, "excludes1", "transitory endocrine");
  ASSERT_NE(chap, nullptr);
  EXPECT_EQ(chap->source, kTabularSrc);
  for (const auto& n : d.notes) {
    EXPECT_TRUE(n.source == kNotesSrc || n.source == kTabularSrc) << n.source;
    EXPECT_TRUE(n.source_year == 2026 || n.source_year == 2023);
  }
}

TEST(Lookup, SeventhCharacterDefinitionInForce) {
  CodeDetail d = L("S52.001A");
  ASSERT_TRUE(d.seventh.has_value());
  EXPECT_EQ(d.seventh->declared_at, "S52");
  EXPECT_EQ(d.seventh->source, kTabularSrc);
  EXPECT_EQ(d.seventh->source_year, 2023);
  std::string chars;
  for (const auto& c : d.seventh->chars) chars += c.ch;
  EXPECT_EQ(chars, "ABCDS");
  EXPECT_EQ(d.seventh->chars[0].meaning, "initial encounter for closed fracture");
  // A <note> inside sevenChrDef widens the extension before it.
  EXPECT_EQ(d.seventh->chars[1].meaning,
            "initial encounter for open fracture type I or II (also: initial encounter for open fracture NOS)");
  EXPECT_TRUE(L("S52").seventh.has_value());
  EXPECT_EQ(L("W21.89XA").seventh->declared_at, "W21");
  EXPECT_FALSE(L("E11.9").seventh.has_value());
  // The sevenChrNote written at the category reaches the codes below it.
  const NoteView* n = FindNote(d, "sevenChrNote", "category S52");
  ASSERT_NE(n, nullptr);
  EXPECT_TRUE(n->inherited);
}

TEST(Lookup, Errors) {
  auto r = Lookup(CS(), "E11.99");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("E11.9"), std::string::npos) << r.error().message;  // nearest code
  r = Lookup(CS(), "E11.69");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("deleted"), std::string::npos) << r.error().message;
  r = Lookup(CS(), std::string(65, 'E'));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInputTooLong);
  for (const char* bad : {"", "xyz", "\xFF\xFE", "E11.9; DROP TABLE"}) {
    r = Lookup(CS(), bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  }
}

TEST(Lookup, NoteKindNames) {
  EXPECT_STREQ(NoteKindName(1), "includes");
  EXPECT_STREQ(NoteKindName(3), "excludes1");
  EXPECT_STREQ(NoteKindName(9), "sevenChrNote");
  EXPECT_STREQ(NoteKindName(0), "unknown");
  EXPECT_STREQ(NoteKindName(200), "unknown");
}

TEST(Lookup, EveryCodeLooksUp) {
  for (uint32_t i = 0; i < CS().size(); ++i) {
    auto d = Lookup(CS(), CS().Dotted(i));
    ASSERT_TRUE(d.ok()) << CS().Dotted(i);
    EXPECT_EQ(d->index, i);
    EXPECT_EQ(d->hierarchy.back().code, CS().Dotted(i));
    EXPECT_EQ(d->hierarchy[0].level, "chapter");
  }
}

}  // namespace
