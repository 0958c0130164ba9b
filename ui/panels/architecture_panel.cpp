// SPDX-License-Identifier: MIT
#include "architecture_panel.h"

#include "arch_parameter_model.h"
#include "core/arch/arch_presets.h"
#include "core/support/units.h"
#include "ui/document/project_document.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace compass::ui {

ArchitecturePanel::ArchitecturePanel(ProjectDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_model(new ArchParameterModel(document, this))
    , m_preset(new QComboBox(this))
    , m_batch(new QSpinBox(this))
    , m_table(new QTableView(this))
    , m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("ArchitecturePanel"));
    fillPresets();
    m_preset->setToolTip(tr("Chip presets: shipped (resources/arch) and your own (%1); editing "
                            "a parameter makes the chip a modified copy, shown with a *")
                             .arg(QString::fromStdString(userArchPresetDir().string())));
    m_save = new QPushButton(tr("Save as preset…"), this);
    m_save->setObjectName(QStringLiteral("savePreset"));
    m_save->setToolTip(tr("Name this chip and save it as a preset of your own"));
    // Narrow docks (a 1024 px window) shrink the chooser, not the table beside the graph.
    m_preset->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_preset->setMinimumContentsLength(8);
    m_batch->setRange(1, 4096);
    m_batch->setKeyboardTracking(false); // one undo step per committed value
    m_batch->setToolTip(tr("Inputs that flow through each partition before its weights are "
                           "replaced (B)"));

    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(ArchParameterModel::ParameterColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(ArchParameterModel::ValueColumn,
                                                      QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(ArchParameterModel::UnitColumn,
                                                      QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);

    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00000;"));
    m_error->setObjectName(QStringLiteral("archError"));
    m_error->hide();

    auto* form = new QFormLayout;
    auto* presetRow = new QHBoxLayout;
    presetRow->addWidget(m_preset, 1);
    presetRow->addWidget(m_save);
    auto* presetLabel = new QLabel(tr("&Chip preset:"), this);
    presetLabel->setBuddy(m_preset); // a layout row takes no mnemonic of its own
    form->addRow(presetLabel, presetRow);
    form->addRow(tr("&Batch size:"), m_batch);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_error);

    connect(m_preset, &QComboBox::activated, this, [this](int index) {
        DiagnosticList diagnostics;
        if (!m_document->setArchPreset(m_preset->itemText(index), diagnostics) &&
            diagnostics.hasErrors()) {
            m_error->setText(QString::fromStdString(diagnostics.all().front().message));
            m_error->show();
        }
        syncFromDocument();
    });
    connect(m_save, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name =
            QInputDialog::getText(this, tr("Save chip as preset"),
                                  tr("Name of the preset (saved in %1):")
                                      .arg(QString::fromStdString(userArchPresetDir().string())),
                                  QLineEdit::Normal, QString(), &ok);
        if (ok)
            saveAsPreset(name.trimmed());
    });
    connect(m_batch, &QSpinBox::valueChanged, this,
            [this](int value) { m_document->setBatchSize(value); });
    connect(m_model, &ArchParameterModel::validationChanged, this,
            [this](int row, const QString& message) {
                if (message.isEmpty()) {
                    m_error->hide();
                    return;
                }
                m_error->setText(
                    tr("%1: %2").arg(m_model->index(row, 0).data().toString(), message));
                m_error->show();
                m_table->scrollTo(m_model->index(row, 0));
            });
    connect(document, &ProjectDocument::archChanged, this, &ArchitecturePanel::syncFromDocument);
    connect(document, &ProjectDocument::batchChanged, this, &ArchitecturePanel::syncFromDocument);
    syncFromDocument();
}

void ArchitecturePanel::fillPresets()
{
    const QSignalBlocker blocker(m_preset);
    m_preset->clear();
    for (const std::string& name : archPresetNames()) {
        m_preset->addItem(QString::fromStdString(name));
        DiagnosticList ignored;
        if (const auto spec = loadArchSpec(name, {}, ignored)) {
            m_preset->setItemData(
                m_preset->count() - 1,
                tr("%1\nWeight capacity: %2")
                    .arg(QString::fromStdString(spec->description),
                         units::bytes(static_cast<double>(spec->weightCapacityBits()) / 8.0)),
                Qt::ToolTipRole);
        }
    }
}

void ArchitecturePanel::showError(const DiagnosticList& diagnostics)
{
    if (!diagnostics.hasErrors())
        return;
    m_error->setText(QString::fromStdString(diagnostics.all().front().message));
    m_error->show();
}

bool ArchitecturePanel::saveAsPreset(const QString& name)
{
    ArchSpec spec = m_document->arch();
    spec.name = name.toStdString();
    if (spec.description.empty() || archVariant(m_document->arch()).isModified())
        spec.description = archVariant(m_document->arch()).summary();
    DiagnosticList diagnostics;
    if (!saveUserArchPreset(spec, diagnostics)) {
        showError(diagnostics);
        return false;
    }
    fillPresets();
    const bool ok = m_document->setArchPreset(name, diagnostics);
    showError(diagnostics);
    if (ok)
        m_error->hide();
    syncFromDocument();
    return ok;
}

void ArchitecturePanel::syncFromDocument()
{
    const QSignalBlocker presetBlocker(m_preset);
    const QSignalBlocker batchBlocker(m_batch);
    const QString preset = m_document->presetName();
    const int custom = m_preset->findText(tr("(custom)"));
    if (preset.isEmpty()) {
        if (custom < 0)
            m_preset->addItem(tr("(custom)"));
        m_preset->setCurrentIndex(m_preset->findText(tr("(custom)")));
    } else {
        if (custom >= 0)
            m_preset->removeItem(custom);
        m_preset->setCurrentIndex(m_preset->findText(preset));
    }
    m_batch->setValue(static_cast<int>(m_document->batchSize()));
}

} // namespace compass::ui
