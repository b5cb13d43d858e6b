// The text of a code as typed and as shown: ICD-10-CM codes are stored undotted
// ("E119") and shown with a dot after the category ("E11.9").
#pragma once

#include <string>
#include <string_view>

namespace medcode {

// Upper-cases, removes one dot and surrounding blanks: " e11.9 " -> "E119".
// Returns an empty string if the text cannot be a code (wrong characters or length).
std::string NormalizeCode(std::string_view text);
// "E119" -> "E11.9"; "E11" -> "E11".
std::string DotCode(std::string_view undotted);

}  // namespace medcode
