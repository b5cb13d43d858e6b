// The trimester of a pregnancy from its completed weeks of gestation, as the ICD-10-CM
// Tabular's chapter 15 defines them (counted from the first day of the last menstrual period):
// 1st less than 14 weeks 0 days, 2nd 14 weeks 0 days to less than 28 weeks 0 days, 3rd 28
// weeks 0 days until delivery. Guideline I.C.15.a.3: the final character for trimester is
// assigned from the provider's documentation of the trimester or of the number of weeks.
#pragma once

namespace medcode {

constexpr int TrimesterOfWeeks(int weeks) { return weeks < 14 ? 1 : weeks < 28 ? 2 : 3; }

}  // namespace medcode
