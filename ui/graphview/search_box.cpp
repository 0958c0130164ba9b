// SPDX-License-Identifier: MIT
#include "search_box.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QMouseEvent>
#include <QStringListModel>
#include <QTimer>

namespace compass::ui {

SearchBox::SearchBox(QWidget* parent)
    : QLineEdit(parent)
    , m_names(new QStringListModel(this))
    , m_completer(new QCompleter(m_names, this))
{
    setPlaceholderText(tr("Find layer (Ctrl+F)"));
    setClearButtonEnabled(true);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setMaxVisibleItems(15);
    setCompleter(m_completer);
    m_completer->popup()->installEventFilter(this);
    connect(this, &QLineEdit::returnPressed, this, [this] {
        if (m_activatedThisEvent)
            return; // the completion this Enter chose was already requested
        if (!text().trimmed().isEmpty())
            emit searchRequested(text().trimmed());
    });
    // Enter on a completion both activates it and reaches the line edit: one request, so that
    // a repeated request can mean "next match".
    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this,
            [this](const QString& name) {
                m_activatedThisEvent = true;
                QTimer::singleShot(0, this, [this] { m_activatedThisEvent = false; });
                emit searchRequested(name);
            });
}

bool SearchBox::eventFilter(QObject* watched, QEvent* event)
{
    QAbstractItemView* popup = m_completer->popup();
    if (watched == popup && event->type() == QEvent::MouseButtonPress) {
        const auto* press = static_cast<QMouseEvent*>(event);
        if (!popup->rect().contains(press->position().toPoint())) {
            // After the completer has hidden the list (it filters the press after us).
            const QPoint global = press->globalPosition().toPoint();
            QTimer::singleShot(0, this, [this, global] { emit popupClosedByClick(global); });
        }
    }
    return QLineEdit::eventFilter(watched, event);
}

void SearchBox::setNames(const QStringList& names)
{
    m_names->setStringList(names);
}

QStringList SearchBox::names() const
{
    return m_names->stringList();
}

} // namespace compass::ui
