// SPDX-License-Identifier: MIT
#include "model_drop_filter.h"

#include "core/project/project_file.h"

#include <QDropEvent>
#include <QMimeData>
#include <QUrl>

namespace compass::ui {

namespace {

/// The dropped network or project, or empty.
QString openablePath(const QMimeData* data)
{
    const QList<QUrl> urls = data ? data->urls() : QList<QUrl>{};
    if (urls.isEmpty() || !urls.first().isLocalFile())
        return {};
    const QString path = urls.first().toLocalFile();
    const bool openable = path.endsWith(QStringLiteral(".onnx"), Qt::CaseInsensitive) ||
                          isProjectPath(path.toStdString());
    return openable ? path : QString();
}

} // namespace

ModelDropFilter::ModelDropFilter(QObject* parent)
    : QObject(parent)
{}

bool ModelDropFilter::eventFilter(QObject* watched, QEvent* event)
{
    // A graphics view answers DragMove itself and refuses what no scene item takes, so the
    // move is answered here as well as the enter.
    if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
        auto* drag = static_cast<QDragMoveEvent*>(event);
        if (!openablePath(drag->mimeData()).isEmpty())
            drag->acceptProposedAction();
        return true;
    }
    if (event->type() == QEvent::Drop) {
        auto* drop = static_cast<QDropEvent*>(event);
        const QString path = openablePath(drop->mimeData());
        if (!path.isEmpty()) {
            drop->acceptProposedAction();
            emit fileDropped(path);
        }
        return true;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace compass::ui
