// SHA-256 (FIPS 180-4), for the provenance of files a user loads (CPT descriptors) and of
// the importer's inputs; private to the core and its importer.
#pragma once

#include <string>
#include <string_view>

namespace medcode {

std::string Sha256Hex(std::string_view bytes);  // 64 lower-case hex digits

}  // namespace medcode
