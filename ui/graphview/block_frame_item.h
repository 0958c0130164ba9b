// SPDX-License-Identifier: MIT
#pragma once

#include <QGraphicsRectItem>

namespace compass::ui {

/// The dashed frame around an expanded block's nodes; double-clicking it asks the scene to
/// collapse the block.
class BlockFrameItem final : public QGraphicsRectItem
{
public:
    BlockFrameItem(int blockIndex, const QString& name, const QRectF& rect);

    int blockIndex() const { return m_blockIndex; }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    int m_blockIndex = -1;
    QString m_name;
};

} // namespace compass::ui
