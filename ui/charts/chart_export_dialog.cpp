// SPDX-License-Identifier: MIT
#include "chart_export_dialog.h"

#include "core/arch/arch_presets.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

#include <algorithm>

namespace compass::ui {

namespace {

using Format = ChartExportOptions::Format;

constexpr Format kFormats[] = {Format::Png, Format::Svg, Format::Pdf, Format::Csv, Format::Json};

/// Letters, digits, '.' and '_', with one '-' between the runs of them (every other character,
/// '-' included, separates).
QString fileSafe(const QString& text)
{
    QString out;
    bool dash = false;
    for (const QChar c : text) {
        if (c.isLetterOrNumber() || c == u'.' || c == u'_') {
            if (dash && !out.isEmpty())
                out += u'-';
            out += c;
            dash = false;
        } else {
            dash = true;
        }
    }
    return out;
}

struct ConfigurationNames
{
    QString model;
    QString chip; ///< As the explorer shows it: "sram-M", "sram-M*".
};

/// Reads back "MODEL on CHIP, batch N" (jobs::describeConfiguration; a sweep's
/// ", batches A-B"), where CHIP is ArchVariant::summary(): "sram-M" or "sram-M with k=v, ...".
ConfigurationNames namesOf(const QString& configuration)
{
    const QString on = QStringLiteral(" on ");
    const qsizetype at = configuration.indexOf(on);
    if (at < 0)
        return {configuration.section(QLatin1Char(','), 0, 0).trimmed(), QString()};
    ConfigurationNames names;
    names.model = configuration.left(at).trimmed();
    QString chip = configuration.mid(at + on.size());
    const qsizetype batch = chip.lastIndexOf(QStringLiteral(", batch"));
    if (batch >= 0)
        chip.truncate(batch);
    const QString with = QStringLiteral(" with ");
    const qsizetype changes = chip.indexOf(with);
    ArchVariant variant;
    variant.name = (changes < 0 ? chip : chip.left(changes)).trimmed().toStdString();
    if (changes >= 0)
        variant.changes.push_back(chip.mid(changes + with.size()).toStdString());
    names.chip = QString::fromStdString(variant.displayName());
    return names;
}

/// The chip as a file name: "sram-M", and a modified one's "*" spelled out, "sram-M-modified".
QString chipFileName(QString chip)
{
    if (chip.endsWith(u'*')) {
        chip.chop(1);
        chip += QStringLiteral("-modified");
    }
    return fileSafe(chip);
}

QString formatLabel(Format format)
{
    switch (format) {
    case Format::Png:
        return ChartExportDialog::tr("PNG image");
    case Format::Svg:
        return ChartExportDialog::tr("SVG image (vector)");
    case Format::Pdf:
        return ChartExportDialog::tr("PDF document (vector)");
    case Format::Csv:
        return ChartExportDialog::tr("CSV data (the chart's values)");
    case Format::Json:
        return ChartExportDialog::tr("JSON data (the chart's values)");
    }
    return {};
}

} // namespace

QString ChartExportOptions::suffix(Format format)
{
    switch (format) {
    case Format::Png:
        return QStringLiteral("png");
    case Format::Svg:
        return QStringLiteral("svg");
    case Format::Pdf:
        return QStringLiteral("pdf");
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Json:
        return QStringLiteral("json");
    }
    return {};
}

bool ChartExportOptions::formatOfSuffix(const QString& suffix, Format* format)
{
    for (Format f : kFormats) {
        if (suffix.compare(ChartExportOptions::suffix(f), Qt::CaseInsensitive) == 0) {
            if (format)
                *format = f;
            return true;
        }
    }
    return false;
}

std::vector<int> ChartExportOptions::dpiChoices()
{
    return {96, 150, 300, 600};
}

QString ChartExportOptions::path() const
{
    return folder.isEmpty() ? fileName() : QDir(folder).filePath(fileName());
}

ExportOptions ChartExportOptions::exportOptions() const
{
    ExportOptions o;
    o.logicalSize = logicalSize;
    o.dpi = static_cast<double>(dpi);
    return o;
}

QString chartExportBaseName(const QStringList& configurations, const QString& kind)
{
    QStringList models;
    QStringList chips;
    for (const QString& configuration : configurations) {
        if (configuration.trimmed().isEmpty())
            continue;
        const ConfigurationNames names = namesOf(configuration);
        if (!models.contains(names.model))
            models << names.model;
        if (!names.chip.isEmpty() && !chips.contains(names.chip))
            chips << names.chip;
    }
    QStringList parts;
    if (models.size() == 1)
        parts << fileSafe(models.front());
    else if (models.size() > 1)
        parts << QStringLiteral("mixed-models");
    if (chips.size() == 1)
        parts << chipFileName(chips.front());
    else if (chips.size() > 1)
        parts << QStringLiteral("mixed-chips");
    parts << fileSafe(kind);
    parts.removeAll(QString());
    return parts.isEmpty() ? QStringLiteral("chart") : parts.join(u'-');
}

ChartExportDialog::ChartExportDialog(const ChartExportOptions& options, QWidget* parent)
    : QDialog(parent)
    , m_options(options)
{
    setWindowTitle(tr("Export Chart"));
    m_path = new QLineEdit;
    m_path->setObjectName(QStringLiteral("exportFile"));
    m_path->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('x')) * 56);
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setAutoDefault(false);
    auto* file = new QHBoxLayout;
    file->addWidget(m_path, 1);
    file->addWidget(browse);

    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("exportFormat"));
    for (Format f : kFormats)
        m_format->addItem(formatLabel(f), static_cast<int>(f));
    m_dpi = new QComboBox;
    m_dpi->setObjectName(QStringLiteral("exportDpi"));
    for (int dpi : ChartExportOptions::dpiChoices())
        m_dpi->addItem(tr("%1 DPI").arg(dpi), dpi);
    m_dpi->setToolTip(tr("Pixels per inch of the PNG: the printed size stays the same, a higher "
                         "resolution has more pixels"));
    m_size = new QLabel;
    m_size->setObjectName(QStringLiteral("exportSize"));

    auto* form = new QFormLayout;
    form->addRow(tr("File:"), file);
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("Resolution:"), m_dpi);
    form->addRow(tr("Size:"), m_size);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, &ChartExportDialog::browse);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ChartExportDialog::formatChosen);
    connect(m_dpi, &QComboBox::currentIndexChanged, this, &ChartExportDialog::updateSize);
    connect(m_path, &QLineEdit::textEdited, this, &ChartExportDialog::pathEdited);
    setOptions(options);
}

void ChartExportDialog::setOptions(const ChartExportOptions& options)
{
    m_options = options;
    const QSignalBlocker blockFormat(m_format);
    const QSignalBlocker blockDpi(m_dpi);
    m_format->setCurrentIndex(std::max(0, m_format->findData(static_cast<int>(options.format))));
    int dpi = m_dpi->findData(options.dpi);
    if (dpi < 0) {
        m_dpi->addItem(tr("%1 DPI").arg(options.dpi), options.dpi);
        dpi = m_dpi->count() - 1;
    }
    m_dpi->setCurrentIndex(dpi);
    m_path->setText(QDir::toNativeSeparators(options.path()));
    updateSize();
}

ChartExportOptions ChartExportDialog::options() const
{
    ChartExportOptions o = m_options;
    o.format = static_cast<Format>(m_format->currentData().toInt());
    o.dpi = m_dpi->currentData().toInt();
    const QFileInfo info(QDir::fromNativeSeparators(m_path->text().trimmed()));
    if (!info.fileName().isEmpty()) {
        o.folder = info.path() == QLatin1String(".") && m_options.folder.isEmpty() ? QString()
                                                                                   : info.path();
        // The format's suffix is the file's: a typed "name.png" with SVG chosen is name.svg.
        Format typed;
        o.baseName = ChartExportOptions::formatOfSuffix(info.suffix(), &typed)
                         ? info.completeBaseName()
                         : info.fileName();
    }
    return o;
}

void ChartExportDialog::formatChosen()
{
    // The file follows the format: name.png becomes name.svg.
    const ChartExportOptions o = options();
    m_path->setText(QDir::toNativeSeparators(o.path()));
    updateSize();
}

void ChartExportDialog::pathEdited(const QString& text)
{
    // A typed suffix of a format chooses that format.
    Format typed;
    if (ChartExportOptions::formatOfSuffix(QFileInfo(text).suffix(), &typed) &&
        typed != static_cast<Format>(m_format->currentData().toInt())) {
        const QSignalBlocker block(m_format);
        m_format->setCurrentIndex(m_format->findData(static_cast<int>(typed)));
    }
    updateSize();
}

void ChartExportDialog::browse()
{
    const ChartExportOptions o = options();
    const QString filter =
        o.isImage() ? tr("Images (*.png *.svg *.pdf)") : tr("Data (*.csv *.json)");
    const QString chosen = QFileDialog::getSaveFileName(this, tr("Export chart"), o.path(), filter);
    if (chosen.isEmpty())
        return;
    m_path->setText(QDir::toNativeSeparators(chosen));
    pathEdited(chosen);
    formatChosen(); // the suffix the format needs
}

void ChartExportDialog::updateSize()
{
    const ChartExportOptions o = options();
    m_dpi->setEnabled(o.format == Format::Png);
    const QSizeF inches = o.inches();
    const QString physical =
        tr("%1 × %2 in").arg(inches.width(), 0, 'f', 2).arg(inches.height(), 0, 'f', 2);
    switch (o.format) {
    case Format::Png: {
        const QSize px = o.pixelSize();
        m_size->setText(tr("%1 × %2 px (%3 at %4 DPI)")
                            .arg(px.width())
                            .arg(px.height())
                            .arg(physical)
                            .arg(o.dpi));
        break;
    }
    case Format::Svg:
    case Format::Pdf:
        m_size->setText(tr("%1 (vector: sharp at any size)").arg(physical));
        break;
    case Format::Csv:
    case Format::Json:
        m_size->setText(tr("the chart's values, with their units"));
        break;
    }
}

} // namespace compass::ui
