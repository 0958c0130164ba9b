// SPDX-License-Identifier: MIT
#include "report/text_table.h"

#include <algorithm>

namespace compass {

TextTable::TextTable(QList<int> rightAligned, QString indent)
    : m_rightAligned(std::move(rightAligned))
    , m_indent(std::move(indent))
{}

void TextTable::addRow(QStringList cells)
{
    m_rows.append(std::move(cells));
}

QString TextTable::text() const
{
    QList<qsizetype> widths;
    for (const QStringList& row : m_rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = std::max(widths[i], row[i].size());
        }
    }
    QString text;
    for (const QStringList& row : m_rows) {
        QString line = m_indent;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const bool right = m_rightAligned.contains(static_cast<int>(i));
            const bool last = i + 1 == row.size();
            if (i > 0)
                line += QStringLiteral("  ");
            line += right ? row[i].rightJustified(widths[i])
                          : (last ? row[i] : row[i].leftJustified(widths[i]));
        }
        while (line.endsWith(' '))
            line.chop(1);
        text += line + '\n';
    }
    return text;
}

} // namespace compass
