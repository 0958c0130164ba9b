// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>
#include <string>

namespace compass {

class DiagnosticSink;

/// Lower-case hex SHA-256 of `bytes`.
std::string sha256Hex(const QByteArray& bytes);

/// Lower-case hex SHA-256 of a file's content, read in chunks; nullopt (and an error naming
/// the file) when it cannot be read.
std::optional<std::string> fileSha256Hex(const QString& path, DiagnosticSink& diagnostics);

/// Hash of an architecture spec that ignores formatting: the JSON is parsed and re-serialised
/// compactly with sorted keys before hashing, so two files with the same spec hash alike.
/// Text that is not JSON is hashed as it is.
std::string archSpecHash(const std::string& archJson);

} // namespace compass
