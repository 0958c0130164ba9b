// SPDX-License-Identifier: MIT
#include "message_banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace compass::ui {

MessageBanner::MessageBanner(QWidget* parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_action(new QPushButton(this))
{
    setObjectName(QStringLiteral("MessageBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    connect(m_action, &QPushButton::clicked, this, &MessageBanner::actionTriggered);
    auto* close = new QToolButton(this);
    close->setObjectName(QStringLiteral("MessageBannerClose"));
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setToolTip(tr("Close this message"));
    close->setAutoRaise(true);
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action, 0, Qt::AlignTop);
    layout->addWidget(close, 0, Qt::AlignTop);
    hide();
}

void MessageBanner::showError(const QString& text, const QString& actionText)
{
    showMessage(text, actionText, true);
}

void MessageBanner::showWarning(const QString& text, const QString& actionText)
{
    showMessage(text, actionText, false);
}

QString MessageBanner::text() const
{
    return m_plain;
}

void MessageBanner::showMessage(const QString& text, const QString& actionText, bool error)
{
    m_plain = text;
    const qsizetype firstBreak = text.indexOf(QLatin1Char('\n'));
    const QString first = firstBreak < 0 ? text : text.left(firstBreak);
    const QString rest = firstBreak < 0 ? QString() : text.mid(firstBreak + 1);
    QString html = QStringLiteral("<b>%1</b>").arg(first.toHtmlEscaped());
    if (!rest.isEmpty())
        html += QStringLiteral("<br>") +
                rest.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    m_text->setText(html);
    const QStyle::StandardPixmap icon =
        error ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning;
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(24, 24));
    // Tinted from the palette so dark themes stay readable.
    QPalette tinted = palette();
    const QColor base = tinted.color(QPalette::Window);
    const QColor tint = error ? QColor(220, 60, 50) : QColor(230, 170, 30);
    tinted.setColor(QPalette::Window,
                    QColor::fromRgbF(base.redF() * 0.85f + tint.redF() * 0.15f,
                                     base.greenF() * 0.85f + tint.greenF() * 0.15f,
                                     base.blueF() * 0.85f + tint.blueF() * 0.15f));
    setPalette(tinted);
    m_action->setText(actionText);
    m_action->setVisible(!actionText.isEmpty());
    show();
}

} // namespace compass::ui
