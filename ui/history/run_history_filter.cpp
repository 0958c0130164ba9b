// SPDX-License-Identifier: MIT
#include "run_history_filter.h"

#include "run_history_model.h"

namespace compass::ui {

RunHistoryFilter::RunHistoryFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(RunHistoryModel::SortRole);
    setDynamicSortFilter(true);
}

void RunHistoryFilter::setFilterWords(const QString& text)
{
    QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = std::move(words);
    invalidateRowsFilter();
}

bool RunHistoryFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QString haystack = sourceModel()
                                 ->index(sourceRow, 0, sourceParent)
                                 .data(RunHistoryModel::FilterTextRole)
                                 .toString();
    for (const QString& word : m_words) {
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

bool RunHistoryFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const bool hasLeft = left.data(sortRole()).isValid();
    const bool hasRight = right.data(sortRole()).isValid();
    if (hasLeft != hasRight) {
        // A descending sort asks lessThan(right, left): answer so that missing values end up
        // at the bottom both ways.
        const bool ascending = sortOrder() == Qt::AscendingOrder;
        return hasLeft ? ascending : !ascending;
    }
    if (!hasLeft)
        return false;
    return QSortFilterProxyModel::lessThan(left, right);
}

} // namespace compass::ui
