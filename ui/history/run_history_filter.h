// SPDX-License-Identifier: MIT
#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace compass::ui {

/// Sorts the run history by RunHistoryModel::SortRole (numbers numerically; runs without the
/// value last in either order) and keeps the runs whose model, chip, method, tags or name contain
/// every word of the filter text (case-insensitive; "resnet18 sram-M" keeps ResNet18 runs on
/// sram-M).
class RunHistoryFilter final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit RunHistoryFilter(QObject* parent = nullptr);

    void setFilterWords(const QString& text);
    QStringList filterWords() const { return m_words; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QStringList m_words;
};

} // namespace compass::ui
