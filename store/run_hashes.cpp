// SPDX-License-Identifier: MIT
#include "store/run_hashes.h"

#include "core/support/diagnostics.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>

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

std::string archSpecHash(const std::string& archJson)
{
    const QByteArray text = QByteArray::fromStdString(archJson);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || document.isNull())
        return sha256Hex(text);
    // QJsonObject keeps its keys sorted, so the compact form is canonical.
    return sha256Hex(document.toJson(QJsonDocument::Compact));
}

} // namespace compass
