// SPDX-License-Identifier: MIT
#include "diagnostics_model.h"

#include <QColor>
#include <QFileInfo>

#include <algorithm>

namespace compass::ui {

namespace {

QColor severityColor(Severity severity)
{
    switch (severity) {
    case Severity::Error:
        return QColor(0xD5, 0x5E, 0x00); // Okabe-Ito vermillion
    case Severity::Warning:
        return QColor(0xE6, 0x9F, 0x00); // orange
    case Severity::Note:
        break;
    }
    return QColor(0x56, 0xB4, 0xE9); // sky blue
}

} // namespace

DiagnosticsModel::DiagnosticsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void DiagnosticsModel::setDiagnostics(std::vector<Diagnostic> diagnostics)
{
    beginResetModel();
    m_diagnostics = std::move(diagnostics);
    endResetModel();
}

void DiagnosticsModel::append(const std::vector<Diagnostic>& diagnostics)
{
    if (diagnostics.empty())
        return;
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(diagnostics.size()) - 1);
    m_diagnostics.insert(m_diagnostics.end(), diagnostics.begin(), diagnostics.end());
    endInsertRows();
}

void DiagnosticsModel::clear()
{
    setDiagnostics({});
}

const Diagnostic& DiagnosticsModel::diagnostic(int row) const
{
    return m_diagnostics.at(static_cast<std::size_t>(row));
}

int DiagnosticsModel::count(Severity severity) const
{
    return static_cast<int>(
        std::count_if(m_diagnostics.begin(), m_diagnostics.end(),
                      [severity](const Diagnostic& d) { return d.severity == severity; }));
}

int DiagnosticsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_diagnostics.size());
}

int DiagnosticsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiagnosticsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Diagnostic& d = m_diagnostics[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return QString::fromLatin1(severityName(d.severity));
        case MessageColumn:
            return QString::fromStdString(d.message);
        case NodeColumn:
            return QString::fromStdString(d.location.node);
        case FileColumn:
            return QFileInfo(QString::fromStdString(d.location.file)).fileName();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return QString::fromStdString(formatDiagnostic(d));
    case Qt::DecorationRole:
        return index.column() == SeverityColumn ? QVariant(severityColor(d.severity)) : QVariant();
    case SeverityRole:
        return static_cast<int>(d.severity);
    case NodeNameRole:
        return QString::fromStdString(d.location.node);
    case PartitionRole:
        return d.location.partition;
    default:
        return {};
    }
}

QVariant DiagnosticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case MessageColumn:
        return tr("Message");
    case NodeColumn:
        return tr("Node");
    case FileColumn:
        return tr("File");
    default:
        return {};
    }
}

} // namespace compass::ui
