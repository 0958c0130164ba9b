// SPDX-License-Identifier: MIT
#pragma once

#ifndef Q_MOC_RUN
// moc cannot parse libstdc++ 12's C++20 headers reached from here (see commit 86feea8).
#include "core/onnx/import_options.h"
#include "core/onnx/onnx_importer.h"
#endif

#include <QDialog>
#include <QString>

#include <optional>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace compass::ui {

/// The shape typed for one graph input, checked against what the file declares: its dims
/// ("1x3x224x224", also "1,3,224,224"), or nullopt with `error` naming the input and what is
/// wrong (not a positive integer, a rank other than the declared one, nothing typed).
std::optional<Dims> parseShapeField(const DeclaredInput& input, const QString& text,
                                    QString& error);

/// What the dialog suggests for an input: the given shape when `options` has one, else the
/// declared dims with an open leading (batch) dim as 1 and any other open dim left as its name
/// for the user to give ("1x3x224x224" for batch x 3 x 224 x 224, "1x3xheightxwidth" for
/// batch x 3 x height x width: a 1 x 1 image or a one-token sequence is never what was meant);
/// empty when the file declares no shape.
QString suggestedShape(const DeclaredInput& input, const OnnxImportOptions& options);

/// "batch x 3 x 224 x 224": an input's dims as the file writes them ("no shape" when none).
QString declaredDimsText(const DeclaredInput& input);

/// Asks for the import options of one ONNX file before it is opened: one row per listed graph
/// input (its name, its dims as written, a field pre-filled with suggestedShape) and "treat
/// weight-like graph inputs as weights". Every field is checked as it is typed; the message
/// names the input at fault and Open stays disabled until all fields are shapes. A plain
/// dialog: the window decides what accepting it opens.
class InputShapesDialog final : public QDialog
{
    Q_OBJECT

public:
    /// Lists `inputs` (the ones that need a shape, or all of them), pre-filled from `options`.
    InputShapesDialog(const QString& modelPath, std::vector<DeclaredInput> inputs,
                      const OnnxImportOptions& options, QWidget* parent = nullptr);

    /// The options the fields give: a shape for every listed input whose field differs from
    /// the file's fixed dims (an input already static and left as written gets none).
    /// Meaningful when isValid().
    OnnxImportOptions options() const;
    bool isValid() const { return m_valid; }
    /// The field of input `name` (tests, scripts); null when it is not listed.
    QLineEdit* shapeField(const QString& name) const;
    QCheckBox* weightsFromInputsBox() const { return m_weights; }
    QPushButton* openButton() const { return m_open; }
    /// The current problem, naming the field ("Input “image”: ..."); empty when valid.
    QString errorText() const;

private:
    void validate();

    std::vector<DeclaredInput> m_inputs;
    std::vector<QLineEdit*> m_fields;
    OnnxImportOptions m_base;
    QCheckBox* m_weights = nullptr;
    QLabel* m_error = nullptr;
    QPushButton* m_open = nullptr;
    bool m_valid = false;
};

} // namespace compass::ui
