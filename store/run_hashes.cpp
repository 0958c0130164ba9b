// SPDX-License-Identifier: MIT
#include "store/run_hashes.h"

#include "core/support/file_hash.h"

#include <QJsonDocument>

namespace compass {

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
