// SPDX-License-Identifier: MIT
// The chart export dialog: the default file name "<model>-<chip>-<kind>.<ext>" (a modified
// chip named as the explorer names it, file-safe), the format choice and the PNG's DPI, which
// sets the raster size while the physical size stays. The options are plain values, tested
// without showing the dialog; the dialog itself is driven once, as the Export action opens it.
#include "ui/charts/chart_builders.h"
#include "ui/charts/chart_export_dialog.h"
#include "ui/charts/chart_panel.h"

#include <QApplication>
#include <QComboBox>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace compass;
using namespace compass::ui;

namespace {

using Format = ChartExportOptions::Format;

RunComparisonData comparison(const QString& configuration)
{
    RunComparisonData d;
    d.subtitle = configuration;
    d.runs = {{"ga #1", 1349.0, 1.9e8, 1.4e5, 1.2e7, 7, 6.5, false, "ga", configuration},
              {"exact #2", 1380.0, 2.0e8, 1.5e5, 1.1e7, 15, 16.0, false, "exact", configuration}};
    d.baseline = 0;
    return d;
}

} // namespace

class TestChartExportDialog : public QObject
{
    Q_OBJECT

private slots:
    void defaultNameOfAPresetChip()
    {
        QCOMPARE(chartExportBaseName({QStringLiteral("resnet18 on sram-M, batch 16")},
                                     QStringLiteral("comparison")),
                 QStringLiteral("resnet18-sram-M-comparison"));
        ChartExportOptions o;
        o.baseName = chartExportBaseName({QStringLiteral("resnet18 on sram-M, batch 16")},
                                         QStringLiteral("comparison"));
        QCOMPARE(o.fileName(), QStringLiteral("resnet18-sram-M-comparison.png"));
        o.format = Format::Svg;
        QCOMPARE(o.fileName(), QStringLiteral("resnet18-sram-M-comparison.svg"));
        o.format = Format::Pdf;
        o.folder = QStringLiteral("/tmp/figures");
        QCOMPARE(o.path(), QStringLiteral("/tmp/figures/resnet18-sram-M-comparison.pdf"));
        // A batch sweep's configuration names a range of batches.
        QCOMPARE(chartExportBaseName({QStringLiteral("resnet18 on sram-L, batches 1-64")},
                                     QStringLiteral("batch-sweep-edp")),
                 QStringLiteral("resnet18-sram-L-batch-sweep-edp"));
    }

    void defaultNameOfAModifiedChip()
    {
        // The configuration spells the changes out (ArchVariant::summary()); the file is named
        // as the rest of the explorer names the chip, "sram-M*", made file-safe: never as the
        // unmodified preset.
        const QString modified =
            QStringLiteral("resnet18 on sram-M with dram.bandwidth_GBps=25.6, chip.cores=32, "
                           "batch 16");
        QCOMPARE(chartExportBaseName({modified}, QStringLiteral("comparison")),
                 QStringLiteral("resnet18-sram-M-modified-comparison"));
        QCOMPARE(chartExportBaseName({QStringLiteral("resnet18 on sram-M*, batch 16")},
                                     QStringLiteral("pareto")),
                 QStringLiteral("resnet18-sram-M-modified-pareto"));
        // Runs of two chips: not named as either.
        QCOMPARE(chartExportBaseName({QStringLiteral("resnet18 on sram-M, batch 16"), modified},
                                     QStringLiteral("comparison")),
                 QStringLiteral("resnet18-mixed-chips-comparison"));
        QCOMPARE(chartExportBaseName({}, QStringLiteral("comparison")),
                 QStringLiteral("comparison"));
    }

    void panelNamesEachChartsExport()
    {
        ChartPanel panel;
        panel.setComparison(comparison(QStringLiteral("resnet18 on sram-M, batch 16")));
        QCOMPARE(panel.view(ChartPanel::Tab::Comparison)->exportBaseName(),
                 QStringLiteral("resnet18-sram-M-comparison"));
        panel.setComparison(comparison(
            QStringLiteral("resnet18 on sram-M with dram.bandwidth_GBps=25.6, batch 16")));
        QCOMPARE(panel.view(ChartPanel::Tab::Comparison)->exportBaseName(),
                 QStringLiteral("resnet18-sram-M-modified-comparison"));
        ParetoData pareto;
        pareto.runs = {{"ga #1", 1.2e7, 1.9e8, "ga"}};
        panel.setPareto(pareto, QStringLiteral("vgg16 on sram-L, batch 4"));
        QCOMPARE(panel.view(ChartPanel::Tab::Pareto)->exportBaseName(),
                 QStringLiteral("vgg16-sram-L-pareto"));
    }

    void dpiSetsThePixelsNotThePhysicalSize()
    {
        ChartExportOptions o; // 900 x 560 logical pixels: 9.375 x 5.833 in
        QCOMPARE(o.dpi, 300);
        QCOMPARE(o.pixelSize(), QSize(2813, 1750));
        const QSizeF inches = o.inches();
        o.dpi = 96;
        QCOMPARE(o.pixelSize(), QSize(900, 560));
        QCOMPARE(o.inches(), inches);
        o.dpi = 600;
        QCOMPARE(o.pixelSize(), QSize(5625, 3500));
        QCOMPARE(ChartExportOptions::dpiChoices(), (std::vector<int>{96, 150, 300, 600}));

        // The file has those pixels, and says its density.
        QTemporaryDir dir;
        ChartView view;
        view.showChart(
            [] {
                return buildRunComparisonChart(comparison(QString()),
                                               RunComparisonData::Metric::All);
            },
            {}, {});
        for (int dpi : {300, 96}) {
            ChartExportOptions png;
            png.dpi = dpi;
            png.folder = dir.path();
            png.baseName = QStringLiteral("at-%1").arg(dpi);
            QString error;
            QVERIFY2(view.exportImage(png.path(), png.exportOptions(), &error), qPrintable(error));
            const QImage image(png.path());
            QCOMPARE(image.size(), png.pixelSize());
            QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), dpi);
        }
    }

    void dialogReportsItsChoices()
    {
        ChartExportOptions defaults;
        defaults.folder = QStringLiteral("/tmp/figures");
        defaults.baseName = QStringLiteral("resnet18-sram-M-comparison");
        ChartExportDialog dialog(defaults);
        auto* format = dialog.findChild<QComboBox*>(QStringLiteral("exportFormat"));
        auto* dpi = dialog.findChild<QComboBox*>(QStringLiteral("exportDpi"));
        auto* file = dialog.findChild<QLineEdit*>(QStringLiteral("exportFile"));
        auto* size = dialog.findChild<QLabel*>(QStringLiteral("exportSize"));
        QVERIFY(format && dpi && file && size);
        QCOMPARE(dialog.options().format, Format::Png);
        QCOMPARE(dialog.options().dpi, 300);
        QVERIFY(file->text().endsWith(QStringLiteral("resnet18-sram-M-comparison.png")));
        QVERIFY2(size->text().startsWith(QStringLiteral("2813 × 1750 px")),
                 qPrintable(size->text()));

        dpi->setCurrentIndex(dpi->findData(600));
        QCOMPARE(dialog.options().dpi, 600);
        QVERIFY(size->text().startsWith(QStringLiteral("5625 × 3500 px")));

        // SVG: the file follows the format, the DPI does not apply.
        format->setCurrentIndex(format->findData(static_cast<int>(Format::Svg)));
        QCOMPARE(dialog.options().format, Format::Svg);
        QCOMPARE(dialog.options().path(),
                 QStringLiteral("/tmp/figures/resnet18-sram-M-comparison.svg"));
        QVERIFY(file->text().endsWith(QStringLiteral(".svg")));
        QVERIFY(!dpi->isEnabled());

        // A typed name with a format's suffix chooses that format.
        QTest::keyClicks(file, QString()); // focus
        file->selectAll();
        QTest::keyClicks(file, QStringLiteral("/tmp/figures/mine.pdf"));
        QCOMPARE(dialog.options().format, Format::Pdf);
        QCOMPARE(dialog.options().baseName, QStringLiteral("mine"));
    }

    void exportActionOpensTheDialogAndWritesItsChoice()
    {
        QTemporaryDir dir;
        ChartPanel panel;
        panel.setComparison(comparison(QStringLiteral("resnet18 on sram-M, batch 16")));
        panel.showTab(ChartPanel::Tab::Comparison);
        QString offered;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<ChartExportDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            offered = dialog->options().fileName();
            auto* file = dialog->findChild<QLineEdit*>(QStringLiteral("exportFile"));
            ChartExportOptions o = dialog->options();
            o.folder = dir.path();
            file->setText(o.path());
            auto* dpi = dialog->findChild<QComboBox*>(QStringLiteral("exportDpi"));
            dpi->setCurrentIndex(dpi->findData(96));
            dialog->accept();
        });
        const QString written = panel.view(ChartPanel::Tab::Comparison)->exportInteractively();
        QCOMPARE(offered, QStringLiteral("resnet18-sram-M-comparison.png"));
        QCOMPARE(QFileInfo(written).fileName(), offered);
        QCOMPARE(QImage(written).size(), QSize(900, 560));
    }
};

QTEST_MAIN(TestChartExportDialog)
#include "tst_chart_export_dialog.moc"
