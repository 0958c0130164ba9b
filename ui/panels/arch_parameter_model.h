// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>

#include <map>
#include <vector>

namespace compass {
struct ArchField;
}

namespace compass::ui {

class ProjectDocument;

/// Every numeric and choice field of the chip (archFields(), the one field table) as rows:
/// parameter, value, unit. Editing a value asks the document to set that field (one undo step);
/// a value the document rejects keeps the row's error (shown red, in the tooltip and by
/// ErrorRole) until the next accepted edit of that row.
class ArchParameterModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ParameterColumn,
        ValueColumn,
        UnitColumn,
        ColumnCount
    };
    enum Role
    {
        KeyRole = Qt::UserRole + 1, ///< QString JSON key ("crossbar.rows").
        ErrorRole,                  ///< QString, empty when the row's last edit was accepted.
    };

    explicit ArchParameterModel(ProjectDocument* document, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Row of a key, or -1.
    int rowOfKey(const QString& key) const;
    QString errorAt(int row) const;

signals:
    /// A rejected edit (`message` non-empty) or an accepted one (`message` empty).
    void validationChanged(int row, const QString& message);

private:
    void refreshValues();

    ProjectDocument* m_document;
    std::vector<const ArchField*> m_fields;
    std::map<int, QString> m_errors;
};

} // namespace compass::ui
