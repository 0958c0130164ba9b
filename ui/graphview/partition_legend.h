// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

#include <vector>

namespace compass::ui {

/// A one-line key of the partition colours in use, and of the highlight colours for the
/// selected node's inputs and outputs.
class PartitionLegend final : public QWidget
{
    Q_OBJECT

public:
    explicit PartitionLegend(QWidget* parent = nullptr);

    /// The partition indices present (sorted, unique); -1 means "no plan".
    void setPartitions(std::vector<int> partitions);
    const std::vector<int>& partitions() const { return m_partitions; }

    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<int> m_partitions;
};

} // namespace compass::ui
