// SPDX-License-Identifier: MIT
#include "model_drop_filter.h"

#include <QDropEvent>
#include <QMimeData>
#include <QUrl>

namespace compass::ui {

namespace {

/// The dropped ONNX file, or empty.
QString onnxPath(const QMimeData* data)
{
    const QList<QUrl> urls = data ? data->urls() : QList<QUrl>{};
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return {};
    const QString path = urls.first().toLocalFile();
    return path.endsWith(QStringLiteral(".onnx"), Qt::CaseInsensitive) ? path : QString();
}

} // namespace

ModelDropFilter::ModelDropFilter(QObject* parent)
    : QObject(parent)
{}

bool ModelDropFilter::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::DragEnter) {
        auto* drag = static_cast<QDragEnterEvent*>(event);
        if (!onnxPath(drag->mimeData()).isEmpty())
            drag->acceptProposedAction();
        return true;
    }
    if (event->type() == QEvent::Drop) {
        auto* drop = static_cast<QDropEvent*>(event);
        const QString path = onnxPath(drop->mimeData());
        if (!path.isEmpty()) {
            drop->acceptProposedAction();
            emit modelDropped(path);
        }
        return true;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace compass::ui
