// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QComboBox;
class QPushButton;
class QLabel;
class QSpinBox;
class QTableView;

namespace compass {
class DiagnosticList;
}

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

    /// Saves the current chip, named `name`, as the user's preset (saveUserArchPreset) and
    /// makes it the document's chip (one undo step). A refused name or a write error is shown
    /// under the table and false is returned.
    bool saveAsPreset(const QString& name);

private:
    void syncFromDocument();
    /// Fills the preset box: every preset with its description and weight capacity as tooltip.
    void fillPresets();
    void showError(const DiagnosticList& diagnostics);

    ProjectDocument* m_document;
    ArchParameterModel* m_model;
    QComboBox* m_preset;
    QPushButton* m_save = nullptr;
    QSpinBox* m_batch;
    QTableView* m_table;
    QLabel* m_error;
};

} // namespace compass::ui
