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
    /// How far the last paint reached (px): never beyond width(), however many partitions.
    int paintedWidth() const { return m_paintedWidth; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::vector<int> m_partitions;
    int m_paintedWidth = 0;
};

} // namespace compass::ui
