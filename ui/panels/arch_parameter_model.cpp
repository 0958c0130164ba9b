// SPDX-License-Identifier: MIT
#include "arch_parameter_model.h"

#include "core/arch/arch_fields.h"
#include "ui/document/project_document.h"

#include <QBrush>
#include <QColor>
#include <QGuiApplication>
#include <QPalette>

namespace compass::ui {

namespace {

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

ArchParameterModel::ArchParameterModel(ProjectDocument* document, QObject* parent)
    : QAbstractTableModel(parent)
    , m_document(document)
{
    for (const ArchField& field : archFields()) {
        if (field.type != ArchFieldType::Text)
            m_fields.push_back(&field);
    }
    connect(document, &ProjectDocument::archChanged, this, &ArchParameterModel::refreshValues);
}

int ArchParameterModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_fields.size());
}

int ArchParameterModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ArchParameterModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ArchField& field = *m_fields[static_cast<std::size_t>(index.row())];
    const auto error = m_errors.find(index.row());
    const bool hasError = error != m_errors.end();
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case ParameterColumn:
            return qs(field.key);
        case ValueColumn:
            return QString::fromStdString(archFieldValueText(m_document->arch(), field));
        case UnitColumn:
            return qs(field.unit);
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        QString tip =
            QStringLiteral("<b>%1</b> (%2)<br>%3<br><i>Source:</i> %4<br><i>Allowed:</i> "
                           "%5 · <i>default</i> %6")
                .arg(qs(field.key).toHtmlEscaped(),
                     field.unit.empty() ? tr("no unit") : qs(field.unit).toHtmlEscaped(),
                     qs(field.description).toHtmlEscaped(), qs(field.source).toHtmlEscaped(),
                     QString::fromStdString(archFieldRangeText(field)).toHtmlEscaped(),
                     QString::fromStdString(archFieldDefaultText(field)).toHtmlEscaped());
        if (hasError)
            tip += QStringLiteral("<br><span style='color:#c00'><b>Rejected:</b> %1</span>")
                       .arg(error->second.toHtmlEscaped());
        if (const std::string unused = archFieldUnusedReason(m_document->arch(), field);
            !unused.empty())
            tip +=
                QStringLiteral("<br><i>%1</i>").arg(QString::fromStdString(unused).toHtmlEscaped());
        return tip;
    }
    case Qt::ForegroundRole:
        // A field the chip's other settings make irrelevant is greyed (its tooltip says why).
        return archFieldUnusedReason(m_document->arch(), field).empty()
                   ? QVariant()
                   : QVariant(QGuiApplication::palette().brush(QPalette::Disabled, QPalette::Text));
    case Qt::BackgroundRole:
        return hasError ? QVariant(QBrush(QColor(255, 220, 220))) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == ValueColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                             : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case KeyRole:
        return qs(field.key);
    case ErrorRole:
        return hasError ? error->second : QString();
    default:
        return {};
    }
}

bool ArchParameterModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || index.column() != ValueColumn ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const ArchField& field = *m_fields[static_cast<std::size_t>(index.row())];
    const QString text = value.toString().trimmed();
    if (text == QString::fromStdString(archFieldValueText(m_document->arch(), field))) {
        if (m_errors.erase(index.row()) > 0) {
            emit dataChanged(this->index(index.row(), 0),
                             this->index(index.row(), ColumnCount - 1));
            emit validationChanged(index.row(), {});
        }
        return false;
    }
    DiagnosticList diagnostics;
    const bool accepted = m_document->setArchField(field, text, diagnostics);
    if (!accepted) {
        QString message;
        for (const Diagnostic& d : diagnostics.all()) {
            if (d.severity == Severity::Error) {
                message = QString::fromStdString(d.message);
                break;
            }
        }
        if (message.isEmpty())
            message = tr("value not accepted");
        m_errors[index.row()] = message;
    } else {
        m_errors.erase(index.row());
    }
    emit dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    emit validationChanged(index.row(), accepted ? QString() : m_errors[index.row()]);
    return accepted;
}

Qt::ItemFlags ArchParameterModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.column() == ValueColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

QVariant ArchParameterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ParameterColumn:
        return tr("Parameter");
    case ValueColumn:
        return tr("Value");
    case UnitColumn:
        return tr("Unit");
    default:
        return {};
    }
}

int ArchParameterModel::rowOfKey(const QString& key) const
{
    for (std::size_t i = 0; i < m_fields.size(); ++i) {
        if (qs(m_fields[i]->key) == key)
            return static_cast<int>(i);
    }
    return -1;
}

QString ArchParameterModel::errorAt(int row) const
{
    const auto it = m_errors.find(row);
    return it == m_errors.end() ? QString() : it->second;
}

void ArchParameterModel::refreshValues()
{
    if (m_fields.empty())
        return;
    // Values, and whether a field is in use (mvm.fixed_latency_ns follows mvm.latency_model).
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                     {Qt::DisplayRole, Qt::EditRole, Qt::ForegroundRole, Qt::ToolTipRole});
}

} // namespace compass::ui
