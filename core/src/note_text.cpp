// note_text.cpp owns how a clinical note is read before any code is looked for: its
// section headings, its items and chunks, and the assertion of each chunk (present,
// negated, ruled out, uncertain, history, family history), by fixed trigger lists in the
// manner of NegEx and ConText. See note_text.h.
#include "note_text.h"

#include "ascii.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "enum_names.h"

namespace medcode::note {
namespace {

struct Heading {
  const char* text;
  Section section;
};

// Longest first where one is a prefix of another ("assessment and plan" before "assessment").
constexpr Heading kHeadings[] = {
    {"assessment and plan", Section::kAssessment}, {"assessment & plan", Section::kAssessment},
    {"assessment/plan", Section::kAssessment},     {"impression and plan", Section::kAssessment},
    {"impression/plan", Section::kAssessment},     {"discharge diagnoses", Section::kAssessment},
    {"discharge diagnosis", Section::kAssessment}, {"final diagnoses", Section::kAssessment},
    // The same headings abbreviated ("Discharge Dx:", "d/c Dx:"): the diagnoses the stay
    // established, coded as the assessment (II, III).
    {"discharge dx", Section::kAssessment},        {"d/c dx", Section::kAssessment},
    {"dc dx", Section::kAssessment},               {"final dx", Section::kAssessment},
    {"final diagnosis", Section::kAssessment},     {"principal diagnosis", Section::kAssessment},
    {"secondary diagnoses", Section::kAssessment}, {"admitting diagnosis", Section::kOther},
    {"postoperative diagnosis", Section::kAssessment}, {"active problems", Section::kAssessment},
    // An operative note's diagnoses before and after the procedure ("Pre-op dx:", "Post-op
    // dx: same", "Pre/postop dx:"): the diagnoses the procedure treats, coded as the
    // assessment (the postoperative one where they differ, I.B.1; III).
    {"preoperative diagnosis", Section::kAssessment}, {"pre-op diagnosis", Section::kAssessment},
    {"post-op diagnosis", Section::kAssessment},   {"pre/postop dx", Section::kAssessment},
    {"pre/post-op dx", Section::kAssessment},      {"pre-op dx", Section::kAssessment},
    {"preop dx", Section::kAssessment},            {"post-op dx", Section::kAssessment},
    {"postop dx", Section::kAssessment},
    {"problem list", Section::kAssessment},        {"assessment", Section::kAssessment},
    {"impression", Section::kAssessment},          {"diagnoses", Section::kAssessment},
    {"diagnosis", Section::kAssessment},           {"problems", Section::kAssessment},
    {"plan", Section::kAssessment},                {"a/p", Section::kAssessment},
    {"a&p", Section::kAssessment},                 {"dx", Section::kAssessment},
    {"chief complaint", Section::kChiefComplaint}, {"reason for visit", Section::kChiefComplaint},
    {"reason for admission", Section::kChiefComplaint}, {"cc", Section::kChiefComplaint},
    {"history of present illness", Section::kHpi}, {"hpi", Section::kHpi},
    {"subjective", Section::kHpi},                 {"hospital course", Section::kHpi},
    {"course", Section::kHpi},                     {"admission diagnosis", Section::kOther},
    {"admission diagnoses", Section::kOther},      {"interval history", Section::kHpi},
    {"past medical history", Section::kPmh},       {"medical history", Section::kPmh},
    {"pmhx", Section::kPmh},                       {"pmh", Section::kPmh},
    {"past surgical history", Section::kPsh},      {"surgical history", Section::kPsh},
    {"psh", Section::kPsh},                        {"family history", Section::kFamily},
    {"fhx", Section::kFamily},                     {"fh", Section::kFamily},
    {"social history", Section::kSocial},          {"shx", Section::kSocial},
    {"sh", Section::kSocial},                      {"review of systems", Section::kRos},
    {"ros", Section::kRos},                        {"current medications", Section::kMeds},
    {"home medications", Section::kMeds},          {"medications", Section::kMeds},
    {"meds", Section::kMeds},                      {"allergies", Section::kAllergies},
    {"physical examination", Section::kExam},      {"physical exam", Section::kExam},
    {"exam", Section::kExam},                      {"pe", Section::kExam},
    {"objective", Section::kExam},                 {"vital signs", Section::kResults},
    {"vitals", Section::kResults},                 {"labs", Section::kResults},
    {"laboratory", Section::kResults},             {"imaging", Section::kResults},
    {"results", Section::kResults},                {"procedures", Section::kOther},
    {"procedure", Section::kOther},                {"disposition", Section::kOther},
    {"instructions", Section::kOther},             {"follow-up", Section::kOther},
    {"follow up", Section::kOther},                {"history", Section::kHpi},
    {"condition at discharge", Section::kOther},   {"discharge medications", Section::kMeds},
    {"discharge meds", Section::kMeds},            {"workup", Section::kResults},
    {"work-up", Section::kResults},                {"ecg", Section::kResults},
    {"ekg", Section::kResults},                    {"x-ray", Section::kResults},
    {"xray", Section::kResults},                   {"egd", Section::kResults},
    {"mse", Section::kExam},                       {"mental status exam", Section::kExam},
    {"interval", Section::kHpi},
    // SOAP letters and other common headings (a one-letter heading needs its colon)
    {"clinical impression", Section::kAssessment}, {"imp", Section::kAssessment},
    {"differential diagnosis", Section::kOther},  {"ddx", Section::kOther},
    {"medical decision making", Section::kHpi},    {"mdm", Section::kHpi},
    {"ed course", Section::kHpi},                  {"a", Section::kAssessment},
    {"p", Section::kAssessment},                   {"s", Section::kHpi},
    {"o", Section::kExam},
    // A procedure's indication is the encounter's reason (IV.A: the reason for the encounter
    // first; I.C.21.c.5: a screening's Z code first, what it found beside it): coded as the
    // assessment.
    {"indications", Section::kAssessment},         {"indication", Section::kAssessment},
    // A procedure's findings are its results: the impression says what they mean (III.B).
    {"findings", Section::kResults},
    // The emergency department as a note's title or heading ("ED note", "ED: restrained
    // driver ..."): the encounter's story, not erectile dysfunction (the lexicon's "ED").
    // After "ed course" ("ed" is its prefix); "ed" and "er" need their colon.
    {"ed note", Section::kHpi},                    {"peds ed", Section::kHpi},
    {"ed", Section::kHpi},                         {"er", Section::kHpi},
    // A discharge summary's diagnosis headings abbreviated ("Principal dx:", "Secondary:") and
    // its list of injuries: the diagnoses the stay established (II, III); "Admit:" is the
    // reason the patient came (its symptoms, explained by the diagnoses: I.B.5).
    {"principal dx", Section::kAssessment},        {"secondary dx", Section::kAssessment},
    {"secondary", Section::kAssessment},           {"injuries", Section::kAssessment},
    {"admit", Section::kChiefComplaint},           {"dispo", Section::kOther},
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80; }

// A heading at the start of a (trimmed, lower-case) line: "assessment:" or a line that is
// only the heading ("ASSESSMENT AND PLAN"). Returns the bytes it takes, 0 if none.
size_t MatchHeading(std::string_view lower, Section& section, std::string_view* text = nullptr) {
  for (const Heading& h : kHeadings) {
    std::string_view t = h.text;
    if (lower.substr(0, t.size()) != t) continue;
    size_t i = t.size();
    while (i < lower.size() && IsSpace(lower[i])) ++i;
    if (i < lower.size() && lower[i] == ':') {
      section = h.section;
      if (text) *text = t;
      return i + 1;
    }
    // The heading alone on its line (words only), but not a one- or two-letter heading
    // without a colon ("pe" or "cc" could start a sentence); "A/P", "A&P" alone are headings.
    if (i == lower.size() && (t.size() > 3 || t.find_first_of("/&") != std::string_view::npos)) {
      section = h.section;
      if (text) *text = t;
      return i;
    }
  }
  return 0;
}

// "Workup: ...", "X-ray R ankle: ...": up to four short words, then a colon.
bool UnknownHeading(std::string_view lower) {
  size_t colon = lower.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 30) return false;
  int words = 0;
  bool in_word = false;
  for (size_t i = 0; i < colon; ++i) {
    char c = lower[i];
    bool w = IsWordChar(c) || c == '-' || c == '/' || c == '&';
    if (!w && !IsSpace(c)) return false;
    if (w && !in_word) ++words;
    in_word = w;
  }
  return words >= 1 && words <= 4;
}

// A heading of up to four words before a colon whose last words are a known heading ("brief
// hospital course:"): the bytes it takes (with the colon), 0 if none.
size_t QualifiedHeading(std::string_view lower, Section& section) {
  if (!UnknownHeading(lower)) return 0;
  const size_t colon = lower.find(':');
  std::string_view head = lower.substr(0, colon);
  while (!head.empty() && IsSpace(head.back())) head.remove_suffix(1);
  for (const Heading& h : kHeadings) {
    std::string_view t = h.text;
    // Only headings no condition name ends with ("DM2 follow-up:", "HTN plan:" keep their
    // condition): results, exam, medications, allergies, the hospital course, instructions.
    const bool safe = h.section == Section::kResults || h.section == Section::kExam || h.section == Section::kMeds ||
                      h.section == Section::kAllergies || t == "hospital course" || t == "instructions" ||
                      t == "disposition";
    if (!safe || t.size() < 3 || head.size() <= t.size() + 1) continue;
    if (head.substr(head.size() - t.size()) != t || !IsSpace(head[head.size() - t.size() - 1])) continue;
    section = h.section;
    return colon + 1;
  }
  return 0;
}

// "XR today:", "CT head:", "Repeat CXR today:", "EGD today:": a heading of up to four words
// before a colon (UnknownHeading) that names an imaging study or an endoscopy.
bool ImagingHeading(std::string_view lower) {
  if (!UnknownHeading(lower)) return false;
  std::string_view head = lower.substr(0, lower.find(':'));
  static constexpr std::string_view kStudies[] = {"xr",  "x-ray", "xray", "xrays", "cxr", "ct",     "cta",  "mri",
                                                  "mra", "us",    "ultrasound", "duplex", "echo", "tte", "tee",
                                                  // endoscopies: their findings are results too ("EGD today: ...")
                                                  "egd", "colonoscopy", "endoscopy", "sigmoidoscopy", "eus", "ercp",
                                                  "bronchoscopy"};
  size_t i = 0;
  while (i < head.size()) {
    while (i < head.size() && IsSpace(head[i])) ++i;
    size_t j = i;
    while (j < head.size() && !IsSpace(head[j])) ++j;
    for (std::string_view w : kStudies)
      if (head.substr(i, j - i) == w) return true;
    i = j;
  }
  return false;
}

// Sections whose list ends where another heading starts.
bool ShortSection(Section s) {
  return s == Section::kFamily || s == Section::kSocial || s == Section::kRos || s == Section::kAllergies ||
         s == Section::kPsh || s == Section::kMeds;
}

// Words that, starting a comma-separated piece, qualify the piece before it.
constexpr std::string_view kQualifiers[] = {
    "with", "w/", "without", "w/o", "initial", "init", "subsequent", "subs", "sequela", "left", "right",
    "bilateral", "lt", "rt", "l", "r", "bilat", "b/l", "both", "ou", "1st", "2nd", "3rd", "first", "second",
    "third", "stage", "due", "secondary", "unspecified", "nos", "encounter", "displaced",
    "nondisplaced", "closed", "open", "intractable", "not", "trimester", "weeks", "wks", "type", "grade",
    "class", "in", "of", "on", "at", "lower", "upper", "distal", "proximal",
    "rul", "rml", "rll", "lul", "lll",  // "lung ca, RUL": the lobe of the lung before it
    "unstageable",   // "Pressure ulcer R hip, unstageable": the stage of the ulcer before it
    "asymptomatic"};  // "HIV+, asymptomatic": the asymptomatic status of the condition before it

std::string_view FirstWord(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  size_t j = i;
  while (j < s.size() && (IsWordChar(s[j]) || s[j] == '/')) ++j;
  return s.substr(i, j - i);
}

// The word that ends s (spaces after it skipped): "stage" of "CKD stage ", "by" of "brought by ".
std::string_view LastWord(std::string_view s) {
  size_t e = s.size();
  while (e > 0 && IsSpace(s[e - 1])) --e;
  size_t b = e;
  while (b > 0 && IsWordChar(s[b - 1])) --b;
  return s.substr(b, e - b);
}

// "not" before a detail of the condition before it ("CLL, not in remission", "HTN, not
// controlled"): a qualifier; before a condition ("not cellulitis"): a negation.
bool NotQualifies(std::string_view after_not) {
  static constexpr std::string_view kDetails[] = {"in", "on", "at", "yet", "well", "controlled", "otherwise",
                                                  "improved", "improving", "responding", "specified", "elsewhere",
                                                  "taking", "compliant", "adherent", "currently", "tolerating"};
  const std::string_view w = FirstWord(after_not);
  return std::find(std::begin(kDetails), std::end(kDetails), w) != std::end(kDetails);
}

// A list number at the start of a (trimmed) line: "1.", "12)" then a space.
bool NumberMarker(std::string_view lower) {
  size_t j = 0;
  while (j < lower.size() && j < 2 && std::isdigit(static_cast<unsigned char>(lower[j]))) ++j;
  return j > 0 && j + 1 < lower.size() && (lower[j] == '.' || lower[j] == ')') && IsSpace(lower[j + 1]);
}

struct Trigger {
  const char* text;
  Assertion assertion;
  bool post;  // governs what comes before it
};

// Matched on word boundaries in the lower-case item. Longer phrases first.
constexpr Trigger kTriggers[] = {
    {"no evidence of", Assertion::kNegated, false},   {"no signs of", Assertion::kNegated, false},
    {"no sign of", Assertion::kNegated, false},       {"negative for", Assertion::kNegated, false},
    {"neg for", Assertion::kNegated, false},          {"free of", Assertion::kNegated, false},
    {"absence of", Assertion::kNegated, false},       {"denies", Assertion::kNegated, false},
    {"denied", Assertion::kNegated, false},           {"deny", Assertion::kNegated, false},
    {"not have", Assertion::kNegated, false},         {"no longer", Assertion::kNegated, false},
    // "Declines statin", "pt declined colonoscopy": what the patient refuses is not done or
    // taken (the verb; the noun of "general decline" is still read: Decline - see Deterioration).
    {"declines", Assertion::kNegated, false},         {"declined", Assertion::kNegated, false},
    {"ruled out for", Assertion::kRuledOut, false},   {"not likely", Assertion::kRuledOut, true},
    {"less likely", Assertion::kRuledOut, true},
    // "SAH/meningitis not suspected": what the provider does not suspect is ruled out (IV.H).
    {"not suspected", Assertion::kRuledOut, true},
    // "ATN not proven", "PE not confirmed": what was looked for and not found is not coded,
    // in either setting (the uncertain diagnosis of II.H is one still thought likely).
    {"not proven", Assertion::kRuledOut, true},       {"not confirmed", Assertion::kRuledOut, true},
    {"unconfirmed", Assertion::kRuledOut, true},      {"not", Assertion::kNegated, false},
    {"no", Assertion::kNegated, false},               {"ruled out", Assertion::kRuledOut, true},
    {"was excluded", Assertion::kRuledOut, true},     {"excluded", Assertion::kRuledOut, true},
    // "TM intact", "NV intact", "TSH wnl", "CMP all wnl": the structure or test before it is
    // normal (NormalFindingWord: at the end of its chunk only).
    {"within normal limits", Assertion::kNegated, true}, {"wnl", Assertion::kNegated, true},
    {"unremarkable", Assertion::kNegated, true},      {"intact", Assertion::kNegated, true},
    {"is negative", Assertion::kNegated, true},       {"was negative", Assertion::kNegated, true},
    {"negative", Assertion::kNegated, true},          {"neg", Assertion::kNegated, true},
    {"unlikely", Assertion::kRuledOut, true},         {"rule out", Assertion::kUncertain, false},
    {"r/o", Assertion::kUncertain, false},            {"probable", Assertion::kUncertain, false},
    {"probably", Assertion::kUncertain, false},       {"prob", Assertion::kUncertain, false},  // probable
    {"possible", Assertion::kUncertain, false},
    {"possibly", Assertion::kUncertain, false},       {"poss", Assertion::kUncertain, false},  // possible
    {"suspected", Assertion::kUncertain, false},
    {"suspect", Assertion::kUncertain, false},        {"suspicious for", Assertion::kUncertain, false},
    {"suspicion of", Assertion::kUncertain, false},   {"likely", Assertion::kUncertain, false},
    {"questionable", Assertion::kUncertain, false},   {"question of", Assertion::kUncertain, false},
    {"concern for", Assertion::kUncertain, false},    {"consistent with", Assertion::kUncertain, false},
    {"compatible with", Assertion::kUncertain, false}, {"indicative of", Assertion::kUncertain, false},
    {"suggestive of", Assertion::kUncertain, false},  {"presumed", Assertion::kUncertain, false},
    {"?", Assertion::kUncertain, false},  // "? TIA": a question mark before the words
    {"versus", Assertion::kUncertain, false},         {"vs", Assertion::kUncertain, false},
    {"family history of", Assertion::kFamily, false}, {"family history", Assertion::kFamily, false},
    {"family hx", Assertion::kFamily, false},         {"fhx of", Assertion::kFamily, false},
    {"fh of", Assertion::kFamily, false},             {"fhx", Assertion::kFamily, false},
    {"mother", Assertion::kFamily, false},            {"father", Assertion::kFamily, false},
    {"mom", Assertion::kFamily, false},               {"dad", Assertion::kFamily, false},
    {"brother", Assertion::kFamily, false},           {"sister", Assertion::kFamily, false},
    {"sibling", Assertion::kFamily, false},           {"grandmother", Assertion::kFamily, false},
    {"grandfather", Assertion::kFamily, false},       {"maternal", Assertion::kFamily, false},
    {"paternal", Assertion::kFamily, false},          {"personal history of", Assertion::kHistory, false},
    {"past history of", Assertion::kHistory, false},  {"history of", Assertion::kHistory, false},
    {"hx of", Assertion::kHistory, false},            {"h/o", Assertion::kHistory, false},
    {"hx", Assertion::kHistory, false},
    {"remote", Assertion::kHistory, false},           {"resolved", Assertion::kHistory, true},
    {"previous", Assertion::kHistory, false},         {"former", Assertion::kHistory, false},
    {"prior", Assertion::kHistory, false},
    // "Recurrent kidney stones, none now", "recurrent UTIs, none active": the condition is
    // not present at this encounter, only its history (I.C.21.c.4: history codes for a
    // condition that no longer exists and is not receiving treatment, but that has the
    // potential for recurrence). SplitChunks joins the piece to the condition before it.
    {"none now", Assertion::kHistory, true},          {"none active", Assertion::kHistory, true},
    {"none currently", Assertion::kHistory, true},    {"none at present", Assertion::kHistory, true},
};

// Words that end a trigger's scope.
constexpr std::string_view kTerminators[] = {"but", "however", "although", "though", "except", "aside",
                                             "presents", "presented", "reports", "complains", "c/o",
                                             "which", "whereas", "yet",
                                             // a plan that keeps a treatment is a new clause ("no
                                             // fractures, DEXA T -2.8, cont alendronate")
                                             "cont", "continue", "continued", "continues", "resume", "resumed",
                                             "refill", "refilled"};

bool WordAt(std::string_view s, size_t pos, std::string_view w) {
  if (s.substr(pos, w.size()) != w) return false;
  if (pos > 0 && (IsWordChar(s[pos - 1]) || s[pos - 1] == '/')) return false;
  size_t e = pos + w.size();
  if (e < s.size() && (IsWordChar(s[e]) || (s[e] == '/' && w.back() != '/'))) return false;
  return true;
}

// A trigger word at pos of s: a whole word, and "prob" (probable) not as the short "problem"
// ("Prob list: HTN", "Active prob: HTN", "prob #2").
bool TriggerWordAt(std::string_view s, size_t pos, std::string_view w) {
  if (!WordAt(s, pos, w)) return false;
  if (w != "prob") return true;
  size_t e = pos + w.size();
  while (e < s.size() && s[e] == ' ') ++e;
  if (e < s.size() && (s[e] == ':' || s[e] == '#')) return false;
  if (s.substr(e, 4) == "list" || s.substr(e, 4) == "lst ") return false;
  for (std::string_view before : {"active ", "chronic ", "acute ", "med ", "medical ", "current ", "main ", "new "})
    if (pos >= before.size() && s.substr(pos - before.size(), before.size()) == before) return false;
  return true;
}

// A post-trigger that says what is normal ("TM intact", "TSH wnl"): it governs its own chunk
// when it ends it, never a condition it describes ("Stage 1 pressure injury with intact
// skin") nor the chunk before it ("Pregnancy, intact"... read alone it governs nothing).
bool NormalFindingWord(std::string_view tw) {
  return tw == "intact" || tw == "wnl" || tw == "unremarkable" || tw == "within normal limits";
}

// A relative named as the one who tells or brings ("Mom says", "per dad", "brought in by
// mother", "here with mom"): the word at lower[at, at + n) is an informant of the patient's
// own story. Read by its neighbours: a word of telling or of concern after it, or "per", "by"
// or "with" before it ("Father with Huntington disease" has the relative first: a family
// history).
bool Informant(std::string_view lower, size_t at, size_t n) {
  static constexpr std::string_view kTells[] = {
      "says",     "said",     "states",  "stated",  "reports",  "reported", "notes",   "noted",  "noticed",
      "concerned", "worried", "describes", "described", "endorses", "denies", "denied", "brought", "brings",
      "called",   "feels",    "thinks",  "believes", "requests", "requested", "asks",  "asked",  "observed",
      "witnessed", "gives",   "gave",    "giving",  "declined", "declines", "at",     "present", "in"};
  const std::string_view next = FirstWord(lower.substr(at + n));
  const size_t we = static_cast<size_t>(next.data() - lower.data()) + next.size();
  if (std::find(std::begin(kTells), std::end(kTells), next) != std::end(kTells)) {
    // "mother in law" is a relative; "mom at bedside", "mom in room" an informant.
    if (next != "in" || lower.substr(we, 4) != " law") return true;
  }
  const std::string_view prev = LastWord(lower.substr(0, at));
  // "here with mom for fever" tells who came; "lives with mother who has dementia", "with
  // father, who had MI" say whose condition it is: family history.
  const bool whose = next == "who" || next == "whose" || next == "that" || next == "has" || next == "had" ||
                     next == "with" || next == "w/" || (we < lower.size() && lower[we] == ',');
  return prev == "per" || prev == "by" || (prev == "with" && !whose);
}

int Rank(Assertion a) {  // which wins where two triggers govern one chunk
  switch (a) {
    case Assertion::kNegated: return 5;
    case Assertion::kRuledOut: return 5;
    case Assertion::kUncertain: return 4;
    case Assertion::kFamily: return 3;
    case Assertion::kHistory: return 2;
    case Assertion::kPresent: return 0;
  }
  return 0;
}

struct Piece {
  uint32_t begin, end;
  bool plan = false;
  bool listed = false;
};

Piece Trim(std::string_view text, uint32_t b, uint32_t e) {
  auto strip = [](char c) { return IsSpace(c) || c == '-' || c == '*' || c == ',' || c == '.' || c == ':' || c == '#'; };
  while (b < e && (strip(text[b]) || text[b] == '\n')) ++b;
  while (e > b && (strip(text[e - 1]) || text[e - 1] == '\n')) --e;
  return {b, e, false};
}

bool HasWord(std::string_view text, Piece p) {
  for (uint32_t i = p.begin; i < p.end; ++i)
    if (std::isalpha(static_cast<unsigned char>(text[i]))) return true;
  return false;
}

// Splits a line's body into items: list markers ("1.", "2)", "#3"), ';', sentence ends,
// and a plan after " - ".
void SplitItems(std::string_view text, std::string_view lower, uint32_t b, uint32_t e, std::vector<Piece>& out,
                bool plan_from_start = false) {
  const size_t first_out = out.size();
  uint32_t start = b;
  bool plan = plan_from_start;
  bool listed = false;
  auto cut = [&](uint32_t at, uint32_t resume) {
    Piece p = Trim(text, start, at);
    p.plan = plan;
    p.listed = listed;
    if (p.end > p.begin && HasWord(text, p)) out.push_back(p);
    start = resume;
  };
  for (uint32_t i = b; i < e; ++i) {
    char c = lower[i];
    if (c == ';') {
      cut(i, i + 1);
      continue;
    }
    // " - " or " -- ": a plan or a new thought after a diagnosis; so is "UTI- urine cx", a dash
    // that ends a word and is followed by a space.
    if (c == '-' && i > b && (IsSpace(lower[i - 1]) || std::isalpha(static_cast<unsigned char>(lower[i - 1])))) {
      uint32_t j = i;
      while (j < e && lower[j] == '-') ++j;
      if (j < e && IsSpace(lower[j]) && j - i <= 2) {
        // ... but a dash that goes on with the condition's cause states a link (I.A.15), no
        // plan: a link word ("neuropathy - due to DM") makes one piece, as it does alone; a
        // reaction ("urticaria - adverse reaction to amoxicillin") is a piece of its own, the
        // adverse effect's.
        uint32_t k = j;
        while (k < e && IsSpace(lower[k])) ++k;
        bool link = false, reaction = false;
        for (size_t n = 0; n < std::size(kDashLinks); ++n) {
          const std::string_view l = kDashLinks[n];
          if (k + l.size() < e && lower.substr(k, l.size()) == l && IsSpace(lower[k + l.size()]))
            (n < kDashReactions ? reaction : link) = true;
        }
        if (link) {
          i = j - 1;
          continue;
        }
        cut(i, j);
        plan = plan || !reaction;
        i = j - 1;
        continue;
      }
    }
    // A list marker: digits then '.' or ')' then a space, at the start or after a space.
    if (std::isdigit(static_cast<unsigned char>(c)) && (i == b || IsSpace(lower[i - 1]) || lower[i - 1] == '#')) {
      uint32_t j = i;
      while (j < e && std::isdigit(static_cast<unsigned char>(lower[j])) && j - i < 2) ++j;
      // Not the value of a word that takes a number ("CKD stage 4. IV lasix": the stage).
      const std::string_view before = lower.substr(b, i - b);
      const std::string_view prev = LastWord(before);
      const bool value = !before.empty() && IsSpace(before.back()) &&
                         (prev == "stage" || prev == "grade" || prev == "class" || prev == "type");
      if (!value && j < e && (lower[j] == '.' || lower[j] == ')') && j + 1 < e && IsSpace(lower[j + 1]) &&
          !(j + 2 < e && std::isdigit(static_cast<unsigned char>(lower[j + 2])))) {
        uint32_t m = i > b && lower[i - 1] == '#' ? i - 1 : i;
        cut(m, j + 1);
        plan = false;
        listed = true;
        for (size_t k = first_out; k < out.size(); ++k) out[k].listed = true;  // the line's earlier items too
        i = j;
        continue;
      }
    }
    // A sentence end: '.' after a word of 4+ letters or one with a digit ("3b", "E11"), then
    // a space and a capital (short letter words are abbreviations: "pt.", "Dr.").
    if (c == '.' && i + 2 < e && IsSpace(text[i + 1])) {
      uint32_t k = i;
      while (k > b && IsWordChar(lower[k - 1])) --k;
      uint32_t k2 = i + 1;
      while (k2 < e && IsSpace(text[k2])) ++k2;
      bool capital = k2 < e && (std::isupper(static_cast<unsigned char>(text[k2])) || std::isdigit(static_cast<unsigned char>(text[k2])));
      const bool digit = std::any_of(lower.begin() + k, lower.begin() + i, [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)) != 0; });
      // An abbreviation written in capitals ends a sentence too ("denies CP. SOB on exertion"):
      // the short words that take a period are written in lower or mixed case ("pt.", "Dr.").
      const bool capitals = i - k >= 2 && std::all_of(text.begin() + k, text.begin() + i, [](char ch) {
                              return std::isupper(static_cast<unsigned char>(ch)) != 0;
                            });
      // A word in capitals after the period opens a sentence too ("30 pk-yr. LDCT lung ca
      // screening"): the short words that take a period are followed by names ("Dr. Smith").
      size_t k3 = k2;
      while (k3 < e && std::isalpha(static_cast<unsigned char>(text[k3]))) ++k3;
      const bool next_capitals = k3 - k2 >= 2 && std::all_of(text.begin() + k2, text.begin() + k3, [](char ch) {
                                   return std::isupper(static_cast<unsigned char>(ch)) != 0;
                                 });
      if (capital && (i - k >= 3 || (i > k && digit) || capitals || (i - k >= 2 && next_capitals))) {
        cut(i, i + 1);
        continue;
      }
      // A negation ends with its sentence even when the next one starts in lower case ("no
      // fever. cough x 3 days"): a piece that opens with a negation is cut after a word of 4+
      // letters and its period. (Otherwise a period and a lower-case word may follow a word cut
      // short, "chron. kidney dis.", which is one piece.)
      // So is a comma piece that opens with one ("DM w/ hypoglycemia, no LOC. has insulin
      // pump"), after an abbreviation in capitals too.
      if ((i - k >= 4 && !digit) || (capitals && i - k >= 3)) {
        bool negation = false;
        size_t comma = lower.rfind(',', i);
        for (size_t from : {static_cast<size_t>(start), comma != std::string_view::npos && comma >= start ? comma + 1 : start}) {
          const Piece piece = Trim(text, static_cast<uint32_t>(from), i);
          const std::string_view opening = lower.substr(piece.begin, i - piece.begin);
          for (std::string_view w : {"no ", "denies ", "denied ", "negative for ", "neg for ", "without "})
            negation = negation || opening.starts_with(w);
        }
        if (negation) {
          cut(i, i + 1);
          continue;
        }
      }
    }
  }
  cut(e, e);
}

// A word that turns from what was said before ("but", "however", "although") at lower[i]:
// what follows is another piece, outside the scope of a trigger before it.
bool ContrastAt(std::string_view lower, size_t i, size_t end) {
  for (std::string_view w : {std::string_view("but"), std::string_view("however"), std::string_view("although"),
                             std::string_view("whereas")}) {
    if (lower.substr(i, w.size()) != w) continue;
    const size_t e = i + w.size();
    if (e < end && (IsWordChar(lower[e]) || lower[e] == '/')) continue;
    return true;
  }
  return false;
}

// The words before a history trigger name it as a cause: "from", "due to", "d/t",
// "secondary to" ("2/2"), "late effect(s) of", "sequela(e) of", "residual(s) of".
bool CauseBefore(std::string_view before) {
  while (!before.empty() && IsSpace(before.back())) before.remove_suffix(1);
  for (std::string_view w : {"from", "due to", "d/t", "secondary to", "2/2", "late effect of", "late effects of", "sequela of",
                             "sequelae of", "residual of", "residuals of"}) {
    if (before.size() < w.size() || before.substr(before.size() - w.size()) != w) continue;
    const size_t b = before.size() - w.size();
    if (b == 0 || !IsWordChar(before[b - 1])) return true;
  }
  return false;
}

// A trigger that starts a piece of its own where it stands (InnerTriggerAt, ScopedParenthesis):
// not "vs"/"versus" (both sides are uncertain) or "not" (a detail said absent, read with its
// piece). A "?" between two conditions doubts the one after it ("CAP ? aspiration": J18.9).
bool SplitsAtTrigger(std::string_view tw) { return tw != "vs" && tw != "versus" && tw != "not"; }

// A negation, rule-out or uncertainty trigger inside a piece, after words of its own and
// before words it governs ("Sore throat x3 days. r/o strep pharyngitis", "DM2 with no
// complications", "Chest pain rule out MI"): the trigger's scope starts there (NegEx), so the
// words before it are a piece of their own, not governed by it (SplitsAtTrigger says which).
bool InnerTriggerAt(std::string_view lower, size_t start, size_t i, size_t end) {
  bool words_before = false;
  for (size_t k = start; k < i && !words_before; ++k) words_before = std::isalpha(static_cast<unsigned char>(lower[k])) != 0;
  if (!words_before) return false;
  // A test and its result ("CXR neg for pna", "CT head negative for bleed"): the test is no
  // finding of its own; the piece stays whole.
  static constexpr std::string_view kTests[] = {"cxr", "ct", "cta", "mri", "xray", "x-ray", "ua", "mammo", "mammogram",
                                                "us", "ultrasound", "echo", "ekg", "ecg", "labs", "lab", "cx", "culture",
                                                "test", "testing", "swab", "biopsy", "bx", "scan", "imaging", "films",
                                                "screen", "panel", "study", "studies", "doppler", "duplex", "egd",
                                                "colonoscopy", "pcr", "rapid", "workup", "w/u", "exam"};
  for (size_t k = start; k < i;) {
    while (k < i && !IsWordChar(lower[k])) ++k;
    size_t e = k;
    while (e < i && (IsWordChar(lower[e]) || lower[e] == '-' || lower[e] == '/')) ++e;
    if (e > k && std::find(std::begin(kTests), std::end(kTests), lower.substr(k, e - k)) != std::end(kTests)) return false;
    k = e;
  }
  std::string_view il = lower.substr(0, end);
  for (const Trigger& t : kTriggers) {
    if (t.post || (t.assertion != Assertion::kNegated && t.assertion != Assertion::kRuledOut &&
                   t.assertion != Assertion::kUncertain))
      continue;
    std::string_view tw = t.text;
    if (!SplitsAtTrigger(tw) || !TriggerWordAt(il, i, tw)) continue;
    // Words for it to govern after it.
    for (size_t k = i + tw.size(); k < end; ++k)
      if (std::isalpha(static_cast<unsigned char>(lower[k]))) return true;
    return false;
  }
  return false;
}

// A parenthesis at lower[open] after words of the piece, whose first words hold a trigger with
// words of the parenthesis to govern ("T1DM w/ hypoglycemia (no coma)", "AKI (ATN not
// proven)", "CAD (h/o MI)", "Pneumonia (possible aspiration)"): the parenthesis bounds the
// trigger's scope (NegEx), so the condition before it is not negated, ruled out, uncertain or
// history with it. Returns the closing parenthesis (or the item's end), or 0 when the
// parenthesis stays in its piece: no such trigger ("HTN (controlled)"), "not" ("AML (not in
// remission)", a detail of the title), or a trigger that governs the words before the
// parenthesis ("Anxiety (resolved, off meds)").
uint32_t ScopedParenthesis(std::string_view lower, size_t start, size_t open, size_t end) {
  auto alpha_in = [&](size_t b, size_t e) { return HasWord(lower, {static_cast<uint32_t>(b), static_cast<uint32_t>(e)}); };
  if (!alpha_in(start, open)) return 0;
  size_t close = open + 1;
  while (close < end && lower[close] != ')' && lower[close] != '(') ++close;
  if (close < end && lower[close] == '(') return 0;  // nested: left whole
  // The trigger is in the parenthesis's first comma piece: a later piece is split at its comma
  // anyway, and the first one ("Latent TB (+PPD, CXR neg)") stays with the words before it.
  size_t first_end = open + 1;
  while (first_end < close && lower[first_end] != ',') ++first_end;
  const std::string_view inside = lower.substr(0, first_end);
  for (size_t i = open + 1; i < first_end; ++i) {
    if (i > open + 1 && IsWordChar(lower[i - 1])) continue;  // word starts only
    for (const Trigger& t : kTriggers) {
      const std::string_view tw = t.text;
      if (!SplitsAtTrigger(tw) || !TriggerWordAt(inside, i, tw)) continue;
      if (t.post ? alpha_in(open + 1, i) : alpha_in(i + tw.size(), first_end)) return static_cast<uint32_t>(close);
      break;  // the longest trigger at i decides (kTriggers lists longer phrases first)
    }
  }
  return 0;
}

// Splits an item at commas (and " and " between list entries), keeping a piece that starts
// with a qualifier with the piece before it.
void SplitChunks(std::string_view text, std::string_view lower, Piece item, std::vector<Piece>& out) {
  std::vector<Piece> parts;
  uint32_t start = item.begin;
  uint32_t paren_close = 0;  // the end of a parenthesis read as its own piece (ScopedParenthesis)
  for (uint32_t i = item.begin; i <= item.end; ++i) {
    bool at_end = i == item.end;
    bool comma = !at_end && lower[i] == ',' && !(i + 1 < item.end && std::isdigit(static_cast<unsigned char>(lower[i + 1])));
    // A parenthesis that bounds a trigger's scope: a piece of its own.
    bool paren = false;
    if (!at_end && !comma && lower[i] == '(' && paren_close == 0) {
      paren_close = ScopedParenthesis(lower, start, i, item.end);
      paren = paren_close != 0;
    } else if (!at_end && !comma && paren_close != 0 && i == paren_close) {
      paren = true;
      paren_close = 0;
    }
    // "denies fever but reports cough": a contrast word ends the piece (and a trigger's scope
    // with it, kTerminators); the piece after it starts at the word.
    const bool contrast = !at_end && !comma && !paren && i > start && IsSpace(lower[i - 1]) &&
                          (ContrastAt(lower, i, item.end) || InnerTriggerAt(lower, start, i, item.end));
    if (!at_end && !comma && !contrast && !paren) continue;
    Piece p = Trim(text, start, i);
    p.plan = item.plan;
    if (p.end > p.begin) {
      std::string_view first = FirstWord(lower.substr(p.begin, p.end - p.begin));
      bool qualifier = std::find(std::begin(kQualifiers), std::end(kQualifiers), first) != std::end(kQualifiers);
      if (first == "not") qualifier = NotQualifies(lower.substr(p.begin + 3, p.end - p.begin - 3));
      // "..., none now": says the condition before it is absent now (a history trigger of its
      // own piece, kTriggers), not a new condition.
      if (first == "none") {
        const std::string_view next = FirstWord(lower.substr(p.begin + 4, p.end - p.begin - 4));
        qualifier = next == "now" || next == "active" || next == "currently" || next == "at";
      }
      // "no fx, on alendronate": a drug the patient is on is no qualifier of a denied
      // condition (a new clause, outside the denial's scope).
      if (qualifier && first == "on" && !parts.empty()) {
        const std::string_view prev = FirstWord(lower.substr(parts.back().begin, parts.back().end - parts.back().begin));
        if (prev == "no" || prev == "denies" || prev == "without" || prev == "w/o" || prev == "never") qualifier = false;
      }
      if (qualifier && !parts.empty()) {
        parts.back().end = p.end;
      } else {
        parts.push_back(p);
      }
    }
    start = contrast ? i : i + 1;
  }
  for (const Piece& p : parts)
    if (HasWord(text, p)) out.push_back(p);
}

// An assessment that only points back ("DC dx: as above", "Imp: as above, repeat interval per
// path"): the provider's diagnostic statement is what the note documents above it, the story
// (history, hospital course, lines under no heading) and a procedure's findings; those chunks
// are the assessment's (IV.A-C: the diagnoses the provider documents; III.B: findings the
// provider calls significant). The chief complaint stays the reason the patient came (its
// symptoms explained by the diagnoses, I.B.5).
void AssessmentAbove(std::string_view text, const std::string& lower, Layout& layout) {
  size_t first_above = layout.chunks.size();
  for (size_t i = 0; i < layout.chunks.size(); ++i) {
    const Chunk& ch = layout.chunks[i];
    if (ch.section != Section::kAssessment) continue;
    std::string_view l = std::string_view(lower).substr(ch.begin, ch.end - ch.begin);
    for (std::string_view lead : {"as above", "see above", "per above", "as noted above", "as per above"})
      if (l.substr(0, lead.size()) == lead && (l.size() == lead.size() || !IsWordChar(l[lead.size()]))) {
        first_above = i;
        break;
      }
    if (first_above < layout.chunks.size()) break;
  }
  if (first_above == layout.chunks.size()) return;
  for (size_t i = 0; i < first_above; ++i) {
    Chunk& ch = layout.chunks[i];
    bool findings = false;
    if (ch.section == Section::kResults) {
      const size_t b = ch.begin == 0 ? 0 : text.rfind('\n', ch.begin - 1);
      const size_t start = b == std::string_view::npos || ch.begin == 0 ? 0 : b + 1;
      std::string_view line = std::string_view(lower).substr(start);
      while (!line.empty() && IsSpace(line.front())) line.remove_prefix(1);
      findings = line.substr(0, 8) == "findings";
    }
    if (ch.section == Section::kNone || ch.section == Section::kHpi || findings) ch.section = Section::kAssessment;
  }
}

}  // namespace

const char* SectionName(Section s) {
  static constexpr const char* kNames[] = {
      "", "chief-complaint", "hpi", "pmh", "psh", "family-history", "social-history", "ros", "medications",
      "allergies", "exam", "results", "assessment", "other"};
  return EnumName(s, kNames, "");
}

const char* AssertionName(Assertion a) {
  static constexpr const char* kNames[] = {
      "present", "negated", "ruled-out", "uncertain", "history", "family-history"};
  return EnumName(a, kNames, "");
}

Layout Read(std::string_view text) {
  Layout layout;
  const std::string lower = ascii::Lower(text);
  Section section = Section::kNone;
  bool plan_heading = false;  // under a "Plan:" heading: what is done, not what is found
  bool problem_above = false;  // a "#" or numbered problem line above in this section
  uint32_t item_no = 0, line_no = 0;
  // After a one-line exam or results heading ("Exam: ..."): the section to go back to.
  bool resume_next = false;
  Section resume_section = Section::kNone;
  // The previous item's first chunk and line (a plan piece's post-trigger governs it).
  size_t prev_first = 0;
  uint32_t prev_item_line = UINT32_MAX;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    uint32_t b = static_cast<uint32_t>(pos), e = static_cast<uint32_t>(nl);
    bool bullet = false, hash = false;  // the line opens with "-" or "*", or with "#"
    while (b < e && (IsSpace(text[b]) || text[b] == '*' || text[b] == '#' || text[b] == '-')) {
      bullet = bullet || text[b] == '*' || text[b] == '-';
      hash = hash || text[b] == '#';
      ++b;
    }
    Section found = Section::kNone;
    std::string_view heading;
    size_t took = MatchHeading(std::string_view(lower).substr(b, e - b), found, &heading);
    const Section before = section;
    const bool resume = resume_next;
    resume_next = false;
    if (took > 0) {
      section = found;
      plan_heading = heading == "plan" || heading == "p";
      // A "Plan:" heading says what is done, not what was found: alone it makes no
      // assessment, and the note is coded from its other sections (IV.J: code all documented
      // conditions that coexist and affect care).
      if (found == Section::kAssessment && !plan_heading) layout.has_assessment = true;
      b += static_cast<uint32_t>(took);
    } else if (size_t qualified = QualifiedHeading(std::string_view(lower).substr(b, e - b), found); qualified > 0) {
      // "Brief hospital course:", "Pertinent labs:", "Discharge exam:": a known heading after
      // a word or two is that heading (the narrative after it is not the assessment).
      section = found;
      plan_heading = false;
      if (found == Section::kAssessment) layout.has_assessment = true;
      b += static_cast<uint32_t>(qualified);
    } else if (section == Section::kAssessment && ImagingHeading(std::string_view(lower).substr(b, e - b))) {
      // An imaging study's reading written under the diagnoses ("Dx: displaced Smith's
      // fracture, left radius" then "XR today: callus formation, alignment maintained"): a
      // result, not a diagnosis (III.B: a finding is coded only where the provider says it
      // is significant, and the diagnosis lines say what it is). The line after it is back in
      // the assessment.
      section = Section::kResults;
      b += static_cast<uint32_t>(std::string_view(lower).substr(b, e - b).find(':') + 1);
      resume_next = true;
      resume_section = Section::kAssessment;
    } else if (UnknownHeading(std::string_view(lower).substr(b, e - b)) && ShortSection(section)) {
      // A heading not in the list ("Workup:", "X-ray R ankle:") ends a family, social,
      // review-of-systems, allergy, surgical or medication list: what follows is not in it.
      // One that names a study ("EGD today:", "CT abd:") opens its results, the story's detail
      // of the assessment's diagnoses.
      section = ImagingHeading(std::string_view(lower).substr(b, e - b)) ? Section::kResults : Section::kOther;
      plan_heading = false;
    } else if (resume && b < e && !UnknownHeading(std::string_view(lower).substr(b, e - b))) {
      // The line after an exam or results heading written with its text on its own line
      // ("Exam: 6 mm pearly papule R nasal ala - shave bx"), with no heading of its own, is
      // back in the section before that heading: a short note's next problem ("Multiple AKs
      // scalp - LN2 x 8."), not more examination. An exam written under its heading alone, or
      // line by line with its own headings ("Lungs: clear"), stays the exam.
      section = resume_section;
    }
    if (took > 0 && (section == Section::kExam || section == Section::kResults) && before != Section::kExam &&
        before != Section::kResults) {
      size_t t = b;
      while (t < e && IsSpace(text[t])) ++t;
      resume_next = t < e;
      resume_section = before;
    }
    std::vector<Piece> items;
    const bool numbered = NumberMarker(std::string_view(lower).substr(b, e - b));
    const bool problem_list = took == 0 && (section == Section::kAssessment || section == Section::kNone);
    // A bullet under a "#" or numbered problem of an assessment ("# CAP" then "- blood
    // cultures", "1. COPD exacerbation" then "- CXR"): that problem's plan, not a finding.
    SplitItems(text, lower, b, e, items, problem_list && problem_above && bullet && !hash && !numbered);
    problem_above = problem_list && (problem_above || hash || numbered);
    for (const Piece& item : items) {
      std::vector<Piece> chunks;
      SplitChunks(text, lower, item, chunks);
      size_t first_chunk = layout.chunks.size();
      for (const Piece& c : chunks) {
        Chunk ch;
        ch.begin = c.begin;
        ch.end = c.end;
        ch.item = item_no;
        ch.section = section;
        ch.plan = c.plan || plan_heading;
        ch.listed = item.listed;
        ch.line = line_no;
        if (section == Section::kFamily) {
          ch.assertion = Assertion::kFamily;
          ch.trigger = "family history section";
        }
        layout.chunks.push_back(ch);
      }
      // Triggers over the item: each governs the chunks after it (pre) or before it (post),
      // up to a terminator word.
      std::string_view il = std::string_view(lower).substr(item.begin, item.end - item.begin);
      std::vector<bool> used(il.size(), false);
      for (const Trigger& t : kTriggers) {
        std::string_view tw = t.text;
        for (size_t at = il.find(tw); at != std::string_view::npos; at = il.find(tw, at + 1)) {
          // "?early Lyme", "?PNA": a question mark written against the word it doubts is the
          // same cue as "? TIA" (uncertain, IV.H); "Lyme?" after a word is not read.
          const bool doubts = tw == "?" && (at == 0 || !IsWordChar(il[at - 1])) && at + 1 < il.size() &&
                              std::isalpha(static_cast<unsigned char>(il[at + 1]));
          if (!TriggerWordAt(il, at, tw) && !doubts) continue;
          // "resolved with IV fluids": treated to resolution in this encounter, not a past condition.
          if (t.assertion == Assertion::kHistory && t.post) {
            std::string_view next = FirstWord(il.substr(at + tw.size()));
            if (next == "with" || next == "w/" || next == "after" || next == "on" || next == "following" || next == "by")
              continue;
          }
          // "Not pneumonia.": "not" negates what follows at the start of an item only ("CLL,
          // not in remission" says a detail is absent: the coder reads that).
          // A chunk after a comma that opens with "not" and a condition ("Rash, not
          // cellulitis") is negated too (SplitChunks keeps it apart).
          if (tw == "not" && at != 0) {
            size_t pe = at;
            while (pe > 0 && il[pe - 1] == ' ') --pe;
            if (pe == 0 || il[pe - 1] != ',' || NotQualifies(il.substr(at + tw.size()))) continue;
          }
          // "UA negative", "strep neg": the result of what it follows; "ER negative", "Rh
          // negative", "gram negative" name a status or a kind (coded as such).
          if (t.assertion == Assertion::kNegated && t.post && (tw == "negative" || tw == "neg")) {
            size_t pe = at;
            while (pe > 0 && (il[pe - 1] == ' ' || il[pe - 1] == '-' || il[pe - 1] == '/')) --pe;
            size_t pb = pe;
            while (pb > 0 && IsWordChar(il[pb - 1])) --pb;
            const std::string_view before = il.substr(pb, pe - pb);
            if (before.empty() || before == "rh" || before == "er" || before == "pr" || before == "her2" ||
                before == "gram" || before == "triple" || before == "receptor" || before == "estrogen" ||
                before == "progesterone" || before == "hormone")
              continue;
          }
          // "ingested grandmother's metoprolol": the owner of what the patient took, not a
          // family member's condition (a poisoning has no family history code, Z80-Z84).
          if (t.assertion == Assertion::kFamily && il.substr(at + tw.size(), 2) == "'s") {
            bool took = false;
            for (std::string_view v : {"ingested", "ingestion", "ate", "swallowed", "took", "overdose", "od", "got into"})
              for (size_t k = il.find(v); k != std::string_view::npos && !took; k = il.find(v, k + 1)) took = WordAt(il, k, v);
            if (took) continue;
          }
          // "Mom says he has had ear pain", "brought in by mom for fever", "per dad, wheezing":
          // the relative tells the patient's story (an informant), not a family history (Z80-Z84).
          if (t.assertion == Assertion::kFamily && Informant(il, at, tw.size())) continue;
          // "prior to admission": a time, not a past condition.
          if (tw == "prior" && FirstWord(il.substr(at + tw.size())) == "to") continue;
          // "hemiparesis from prior stroke", "late effect of old CVA": the past condition is
          // named as the cause of a current one, its sequela (I.C.9.d, I.B.10), not a history.
          if (t.assertion == Assertion::kHistory && !t.post && CauseBefore(il.substr(0, at))) continue;
          bool overlap = false;
          for (size_t k = at; k < at + tw.size(); ++k) overlap = overlap || used[k];
          if (overlap) continue;
          for (size_t k = at; k < at + tw.size(); ++k) used[k] = true;
          uint32_t tpos = item.begin + static_cast<uint32_t>(at);
          uint32_t tend = tpos + static_cast<uint32_t>(tw.size());
          // Scope: [scope_b, scope_e) in text offsets.
          uint32_t scope_b = t.post ? item.begin : tend;
          uint32_t scope_e = t.post ? tpos : item.end;
          for (std::string_view term : kTerminators) {
            for (size_t k = il.find(term); k != std::string_view::npos; k = il.find(term, k + 1)) {
              if (!WordAt(il, k, term)) continue;
              uint32_t kp = item.begin + static_cast<uint32_t>(k);
              if (!t.post && kp >= tend && kp < scope_e) scope_e = kp;
              if (t.post && kp + term.size() <= tpos && kp + term.size() > scope_b) scope_b = kp + static_cast<uint32_t>(term.size());
            }
          }
          // A pre-trigger inside a parenthesis governs to its close ("Anemia (no bleeding), CKD
          // 3", "UTI (no fever) and HTN"): the parenthesis bounds the scope (NegEx).
          if (!t.post) {
            const size_t open = il.rfind('(', at);
            if (open != std::string_view::npos && il.substr(open, at - open).find(')') == std::string_view::npos) {
              const size_t close = il.find(')', at);
              if (close != std::string_view::npos) scope_e = std::min(scope_e, item.begin + static_cast<uint32_t>(close));
            }
          }
          // A drug the patient is on, after a comma, is no longer in a denial's scope ("no
          // residual deficits, on ASA 81"; "no fx, on alendronate"): a new clause.
          if (!t.post)
            for (std::string_view term : {", on "})
              for (size_t k = il.find(term); k != std::string_view::npos; k = il.find(term, k + 1)) {
                const uint32_t kp = item.begin + static_cast<uint32_t>(k);
                if (kp >= tend && kp < scope_e) scope_e = kp;
              }
          // A plan piece that opens with a post-trigger ("Pneumonia - ruled out", "PE - unlikely")
          // governs the piece before it on the line.
          if (t.post && item.plan && tpos == item.begin && prev_item_line == line_no && prev_first < first_chunk) {
            for (size_t ci = prev_first; ci < first_chunk; ++ci) {
              Chunk& ch = layout.chunks[ci];
              if (Rank(t.assertion) > Rank(ch.assertion)) {
                ch.assertion = t.assertion;
                ch.trigger = std::string(tw);
              }
            }
            continue;
          }
          // A post-trigger governs its own chunk only ("chest pain, MI ruled out"); a chunk that
          // is a ruling-out alone governs the chunk before it in its item ("PE, ruled out").
          // (Not "resolved": "AKI, resolved" at discharge was treated in the stay.)
          if (t.post) {
            bool governs = !NormalFindingWord(tw);  // a normal finding governs only the chunk it ends
            for (size_t ci = first_chunk; ci < layout.chunks.size(); ++ci) {
              const Chunk& own = layout.chunks[ci];
              if (own.begin > tpos || tpos > own.end) continue;
              if (NormalFindingWord(tw)) {
                bool ends = own.begin < tpos;  // words before it, none after it in its chunk
                for (uint32_t k = tend; k < own.end && ends; ++k) ends = !IsWordChar(text[k]);
                governs = ends;
                scope_b = std::max(scope_b, own.begin);
                continue;
              }
              const bool alone = t.assertion != Assertion::kHistory && own.begin == tpos && own.end <= tend + 1;
              if (alone && ci > first_chunk && layout.chunks[ci - 1].item == own.item)
                scope_b = std::max(scope_b, layout.chunks[ci - 1].begin);
              else
                scope_b = std::max(scope_b, own.begin);
            }
            if (!governs) continue;
          }
          for (size_t ci = first_chunk; ci < layout.chunks.size(); ++ci) {
            Chunk& ch = layout.chunks[ci];
            // A chunk is governed when its words lie in the scope (a pre-trigger inside the
            // chunk governs the rest of it).
            bool inside = t.post ? (ch.begin < scope_e && ch.begin >= scope_b)
                                 : (ch.end > scope_b && ch.begin < scope_e && ch.end > tend);
            if (!inside) continue;
            if (Rank(t.assertion) > Rank(ch.assertion)) {
              ch.assertion = t.assertion;
              ch.trigger = std::string(tw);
            }
          }
        }
      }
      prev_first = first_chunk;
      prev_item_line = line_no;
      ++item_no;
    }
    pos = nl + 1;
    ++line_no;
  }
  AssessmentAbove(text, lower, layout);
  return layout;
}

}  // namespace medcode::note
