// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace compass {

/// Rows of cells laid out as aligned columns sized to their content, for every table a person
/// reads on a terminal (plan reports, `compass runs`). Columns listed in the constructor's
/// `rightAligned` are right-aligned (numbers); the others left-aligned. The first row added is
/// usually the header. A value: build, then text().
class TextTable
{
public:
    explicit TextTable(QList<int> rightAligned = {}, QString indent = {});

    void addRow(QStringList cells);
    bool isEmpty() const { return m_rows.isEmpty(); }

    /// The table, one line per row, each ending in '\n'; two spaces between columns, no
    /// trailing spaces.
    QString text() const;

private:
    QList<int> m_rightAligned;
    QString m_indent;
    QList<QStringList> m_rows;
};

} // namespace compass
