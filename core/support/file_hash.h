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
/// the file) when it cannot be read. The identity of a model file in run records and project
/// files.
std::optional<std::string> fileSha256Hex(const QString& path, DiagnosticSink& diagnostics);

} // namespace compass
