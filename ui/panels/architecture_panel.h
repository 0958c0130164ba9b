// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;
class QTableView;

namespace compass::ui {

class ArchParameterModel;
class ProjectDocument;

/// The chip and batch: a preset chooser, every parameter with its unit and a tooltip (meaning,
/// source, range, default), inline validation messages, and the batch size. Each edit is one
/// undo command on the document.
class ArchitecturePanel final : public QWidget
{
    Q_OBJECT

public:
    explicit ArchitecturePanel(ProjectDocument* document, QWidget* parent = nullptr);

    ArchParameterModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QComboBox* presetBox() const { return m_preset; }
    QSpinBox* batchBox() const { return m_batch; }
    /// The inline validation message under the table (hidden when there is none).
    QLabel* errorLabel() const { return m_error; }

private:
    void syncFromDocument();

    ProjectDocument* m_document;
    ArchParameterModel* m_model;
    QComboBox* m_preset;
    QSpinBox* m_batch;
    QTableView* m_table;
    QLabel* m_error;
};

} // namespace compass::ui
