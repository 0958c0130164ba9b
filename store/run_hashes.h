// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace compass {

/// Hash of an architecture spec that ignores formatting: the JSON is parsed and re-serialised
/// compactly with sorted keys before hashing, so two files with the same spec hash alike.
/// Text that is not JSON is hashed as it is. (File and byte hashes: core/support/file_hash.h.)
std::string archSpecHash(const std::string& archJson);

} // namespace compass
