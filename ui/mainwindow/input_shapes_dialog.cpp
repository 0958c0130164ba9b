// SPDX-License-Identifier: MIT
#include "input_shapes_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace compass::ui {

std::optional<Dims> parseShapeField(const DeclaredInput& input, const QString& text, QString& error)
{
    const QString name = QString::fromStdString(input.name);
    const QString typed = text.trimmed();
    if (typed.isEmpty()) {
        error = InputShapesDialog::tr("Input “%1”: give its shape, e.g. %2")
                    .arg(name, input.hasShape ? suggestedShape(input, {})
                                              : QStringLiteral("1x3x224x224"));
        return std::nullopt;
    }
    // A dim still named as the file writes it: say which ones need a number.
    if (input.hasShape) {
        QStringList open;
        const QStringList typedDims = typed.split(QLatin1Char('x'));
        for (std::size_t i = 1;
             i < input.dims.size() && i < static_cast<std::size_t>(typedDims.size()); ++i) {
            const QString declared = QString::fromStdString(input.dims[i]);
            if (input.values[i] <= 0 && typedDims[static_cast<qsizetype>(i)].trimmed() == declared)
                open << QLatin1Char('\'') + declared + QLatin1Char('\'');
        }
        if (!open.isEmpty()) {
            error = InputShapesDialog::tr("Input “%1”: give a number for %2")
                        .arg(name, open.join(QStringLiteral(", ")));
            return std::nullopt;
        }
    }
    // The command line's parser, so the field takes what --input-shape takes.
    OnnxImportOptions parsed;
    std::string reason;
    if (!parseInputShape(input.name + "=" + typed.toStdString(), parsed, reason)) {
        error = InputShapesDialog::tr("Input “%1”: %2").arg(name, QString::fromStdString(reason));
        return std::nullopt;
    }
    Dims dims = parsed.inputShapes.begin()->second;
    if (input.hasShape && dims.size() != input.dims.size()) {
        error = InputShapesDialog::tr("Input “%1” has %2 dims (%3), %4 given")
                    .arg(name)
                    .arg(input.dims.size())
                    .arg(declaredDimsText(input))
                    .arg(dims.size());
        return std::nullopt;
    }
    error.clear();
    return dims;
}

QString suggestedShape(const DeclaredInput& input, const OnnxImportOptions& options)
{
    if (const auto given = options.inputShapes.find(input.name); given != options.inputShapes.end())
        return QString::fromStdString(formatDims(given->second));
    if (!input.hasShape)
        return {};
    QStringList dims;
    for (std::size_t i = 0; i < input.values.size(); ++i) {
        const std::int64_t v = input.values[i];
        if (v > 0)
            dims << QString::number(v);
        else if (i == 0)
            dims << QStringLiteral("1");
        else
            dims << QString::fromStdString(i < input.dims.size() ? input.dims[i] : "?");
    }
    return dims.join(QLatin1Char('x'));
}

QString declaredDimsText(const DeclaredInput& input)
{
    if (!input.hasShape)
        return InputShapesDialog::tr("no shape");
    if (input.dims.empty())
        return InputShapesDialog::tr("a scalar");
    QStringList dims;
    for (const std::string& d : input.dims)
        dims << QString::fromStdString(d);
    return dims.join(QStringLiteral(" x "));
}

InputShapesDialog::InputShapesDialog(const QString& modelPath, std::vector<DeclaredInput> inputs,
                                     const OnnxImportOptions& options, QWidget* parent)
    : QDialog(parent)
    , m_inputs(std::move(inputs))
    , m_base(options)
{
    setObjectName(QStringLiteral("InputShapesDialog"));
    setWindowTitle(tr("Import Options — %1").arg(QFileInfo(modelPath).fileName()));
    auto* layout = new QVBoxLayout(this);
    bool open = false;
    for (const DeclaredInput& input : m_inputs)
        open = open || !input.isStatic();
    auto* intro = new QLabel(
        open ? tr("<b>%1</b> leaves some input dimensions open. COMPASS needs static shapes: "
                  "give each input's dims (an open batch dim is suggested as 1; replace the "
                  "other open ones, shown by name, with numbers).")
                   .arg(QFileInfo(modelPath).fileName().toHtmlEscaped())
             : tr("Shapes of the graph inputs of <b>%1</b> (a shape replaces the dims the file "
                  "declares).")
                   .arg(QFileInfo(modelPath).fileName().toHtmlEscaped()),
        this);
    intro->setWordWrap(true);
    intro->setToolTip(QDir::toNativeSeparators(modelPath));
    layout->addWidget(intro);

    auto* grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("<b>Input</b>"), this), 0, 0);
    grid->addWidget(new QLabel(tr("<b>As written</b>"), this), 0, 1);
    grid->addWidget(new QLabel(tr("<b>Shape</b>"), this), 0, 2);
    int row = 1;
    for (const DeclaredInput& input : m_inputs) {
        const QString name = QString::fromStdString(input.name);
        auto* label = new QLabel(name, this);
        auto* written = new QLabel(declaredDimsText(input), this);
        auto* field = new QLineEdit(suggestedShape(input, options), this);
        field->setObjectName(QStringLiteral("shape:") + name);
        field->setPlaceholderText(tr("e.g. 1x3x224x224"));
        field->setToolTip(tr("Dims of “%1”, as --input-shape %1=DIMS takes them").arg(name));
        field->setMinimumWidth(180);
        label->setBuddy(field);
        grid->addWidget(label, row, 0);
        grid->addWidget(written, row, 1);
        grid->addWidget(field, row, 2);
        connect(field, &QLineEdit::textChanged, this, &InputShapesDialog::validate);
        m_fields.push_back(field);
        ++row;
    }
    grid->setColumnStretch(2, 1);
    layout->addLayout(grid);

    m_weights = new QCheckBox(tr("Treat weight-like graph inputs as weights"), this);
    m_weights->setObjectName(QStringLiteral("weightsFromInputs"));
    m_weights->setToolTip(tr("Graph inputs without initializers that feed weight operands (Conv "
                             "W, Gemm/MatMul B) are stored weights, as some exporters write them "
                             "(--weights-from-inputs)"));
    m_weights->setChecked(options.weightsFromInputs);
    layout->addWidget(m_weights);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("shapeError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    layout->addWidget(m_error);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_open = buttons->addButton(tr("&Open"), QDialogButtonBox::AcceptRole);
    m_open->setObjectName(QStringLiteral("openWithShapes"));
    m_open->setDefault(true);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_valid)
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    validate();
}

OnnxImportOptions InputShapesDialog::options() const
{
    OnnxImportOptions options = m_base;
    options.weightsFromInputs = m_weights->isChecked();
    for (std::size_t i = 0; i < m_inputs.size(); ++i) {
        QString ignored;
        const std::optional<Dims> dims = parseShapeField(m_inputs[i], m_fields[i]->text(), ignored);
        if (!dims)
            continue;
        // A static input left as the file writes it needs no option.
        if (m_inputs[i].isStatic() && *dims == m_inputs[i].values)
            options.inputShapes.erase(m_inputs[i].name);
        else
            options.inputShapes[m_inputs[i].name] = *dims;
    }
    return options;
}

QLineEdit* InputShapesDialog::shapeField(const QString& name) const
{
    for (std::size_t i = 0; i < m_inputs.size(); ++i) {
        if (QString::fromStdString(m_inputs[i].name) == name)
            return m_fields[i];
    }
    return nullptr;
}

QString InputShapesDialog::errorText() const
{
    return m_error->text();
}

void InputShapesDialog::validate()
{
    QStringList problems;
    for (std::size_t i = 0; i < m_inputs.size(); ++i) {
        QString error;
        const bool ok = parseShapeField(m_inputs[i], m_fields[i]->text(), error).has_value();
        // The field at fault is marked where the user looks, and named in the message.
        m_fields[i]->setStyleSheet(ok ? QString() : QStringLiteral("border: 1px solid #b00020;"));
        if (!ok)
            problems << error;
    }
    m_valid = problems.isEmpty();
    m_error->setText(problems.join('\n'));
    m_error->setVisible(!m_valid);
    m_open->setEnabled(m_valid);
}

} // namespace compass::ui
