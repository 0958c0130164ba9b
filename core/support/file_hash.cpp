// SPDX-License-Identifier: MIT
#include "core/support/file_hash.h"

#include "core/support/diagnostics.h"

#include <QCryptographicHash>
#include <QFile>

namespace compass {

std::string sha256Hex(const QByteArray& bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().toStdString();
}

std::optional<std::string> fileSha256Hex(const QString& path, DiagnosticSink& diagnostics)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        diagnostics.error("cannot read file: " + file.errorString().toStdString(),
                          {path.toStdString(), {}, {}, -1});
        return std::nullopt;
    }
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!hash.addData(&file)) {
        diagnostics.error("cannot read file: " + file.errorString().toStdString(),
                          {path.toStdString(), {}, {}, -1});
        return std::nullopt;
    }
    return hash.result().toHex().toStdString();
}

} // namespace compass
