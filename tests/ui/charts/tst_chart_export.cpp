// SPDX-License-Identifier: MIT
#include "ui/charts/chart_builders.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/chart_report.h"

#include <QChart>
#include <QFile>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QImage>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace compass;
using namespace compass::ui;

namespace {

QByteArray head(const QString& path, int n)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.read(n);
}

/// Parses the whole SVG; returns the number of elements, or -1 on an XML error.
int svgElements(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    QXmlStreamReader xml(&f);
    int elements = 0;
    bool sawSvgRoot = false;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement) {
            ++elements;
            sawSvgRoot = sawSvgRoot || xml.name() == QLatin1String("svg");
        }
    }
    return xml.hasError() || !sawSvgRoot ? -1 : elements;
}

RunComparisonData comparison()
{
    RunComparisonData d;
    d.subtitle = "resnet18 on sram-M, batch 16";
    d.runs = {{"greedy", 100.0, 2e8, 2e6, 1.4e7, 4, 1.0, false, ""},
              {"ga", 180.0, 1.6e8, 9e5, 8e6, 7, 40.0, false, ""}};
    d.baseline = 0;
    return d;
}

} // namespace

class TestChartExport : public QObject
{
    Q_OBJECT

private slots:
    void pngHasHeaderSizeAndDensity()
    {
        QTemporaryDir dir;
        const auto chart = buildRunComparisonChart(comparison(), RunComparisonData::Metric::All);
        const QString path = dir.filePath("c.png");
        ExportOptions o;
        o.logicalSize = QSizeF(600, 400);
        o.dpi = 144;
        QString error;
        QVERIFY2(exportChart(*chart, path, o, &error), qPrintable(error));
        QCOMPARE(head(path, 8), QByteArray("\x89PNG\r\n\x1a\n", 8));
        const QImage image(path);
        QCOMPARE(image.size(), QSize(900, 600)); // 600x400 at 144/96
        QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), 144);
        // Something was drawn: not a blank white page.
        int dark = 0;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4)
                dark += qGray(image.pixel(x, y)) < 128 ? 1 : 0;
        QVERIFY(dark > 100);
        QVERIFY(chart->scene() == nullptr); // the temporary scene let go of the chart
    }

    void svgParses()
    {
        QTemporaryDir dir;
        const auto chart = buildRunComparisonChart(comparison(), RunComparisonData::Metric::Edp);
        const QString path = dir.filePath("c.svg");
        QVERIFY(exportChart(*chart, path));
        QVERIFY(svgElements(path) > 20);
    }

    void pdfHasHeader()
    {
        QTemporaryDir dir;
        const auto chart = buildRunComparisonChart(comparison(), RunComparisonData::Metric::Energy);
        const QString path = dir.filePath("c.pdf");
        QVERIFY(exportChart(*chart, path));
        QCOMPARE(head(path, 5), QByteArray("%PDF-"));
        QVERIFY(QFileInfo(path).size() > 1000);
    }

    void unknownSuffixIsAnError()
    {
        QTemporaryDir dir;
        const auto chart = buildRunComparisonChart(comparison(), RunComparisonData::Metric::All);
        QString error;
        QVERIFY(!exportChart(*chart, dir.filePath("c.bmpx"), {}, &error));
        QVERIFY(error.contains("c.bmpx"));
        QVERIFY(!QFile::exists(dir.filePath("c.bmpx")));
        QVERIFY(!exportChart(*chart, "/nonexistent-dir/c.png", {}, &error));
        QVERIFY(error.contains("/nonexistent-dir/c.png"));
    }

    void sceneExportsAllFormats()
    {
        QGraphicsScene scene;
        scene.addRect(0, 0, 300, 200, QPen(Qt::black), QBrush(Qt::blue));
        scene.addText("conv1");
        QTemporaryDir dir;
        QVERIFY(exportScene(scene, dir.filePath("g.png")));
        QVERIFY(exportScene(scene, dir.filePath("g.svg")));
        QVERIFY(exportScene(scene, dir.filePath("g.pdf")));
        QCOMPARE(head(dir.filePath("g.png"), 4), QByteArray("\x89PNG", 4));
        QVERIFY(svgElements(dir.filePath("g.svg")) > 2);
        QCOMPARE(head(dir.filePath("g.pdf"), 5), QByteArray("%PDF-"));
        QGraphicsScene empty;
        QVERIFY(!exportScene(empty, dir.filePath("e.png")));
    }

    void summaryScalesLargeValuesWithoutExponents()
    {
        RunComparisonData d;
        d.runs = {{"big", 24570.0, 5.5378e10, 4.717e10, 2.5e9, 1, 125000.0, false, ""}};
        const QString md = comparisonSummaryMarkdown(d, "big network");
        // 55378 µJ reads as 55.38 mJ; 4.717e10 pJ·s as 47.17 J·ms; 125 s of search time.
        QVERIFY2(md.contains("energy per inference (mJ)"), qPrintable(md));
        QVERIFY2(md.contains("EDP (J·ms)"), qPrintable(md));
        QVERIFY2(md.contains("| big | 24570 | 55.38 | 47.17 | 2.5 | 1 | 125 |"), qPrintable(md));
        QVERIFY(md.contains("latency per batch (s)"));
        QVERIFY(md.contains("runtime (s)"));
        QVERIFY(!md.contains("e+"));
    }

    void reportWritesEveryChartAndSummary()
    {
        QTemporaryDir dir;
        ReportData data;
        data.title = "resnet18 on sram-M, batch 16";
        data.comparison = comparison();
        PartitionLatencyData latency;
        latency.partitions.resize(3);
        latency.partitions[1].partNs[PartitionLatencyData::Compute] = 5e6;
        latency.bottleneck = 1;
        data.partitionLatency = latency;
        const QString folder = dir.filePath("report");
        QString error;
        const QStringList files = writeReport(folder, data, {}, &error);
        QVERIFY2(!files.isEmpty(), qPrintable(error));
        // 4 comparison charts + partition latency, 5 files each, plus summary.md.
        QCOMPARE(files.size(), 5 * 5 + 1);
        for (const QString& f : files)
            QVERIFY2(QFileInfo(f).size() > 0, qPrintable(f));
        QFile summary(folder + "/summary.md");
        QVERIFY(summary.open(QIODevice::ReadOnly));
        const QString md = QString::fromUtf8(summary.readAll());
        QVERIFY(md.contains("| ga |"));
        QVERIFY(md.contains("1.8")); // ga's throughput relative to greedy
        // One unit per column from the core units module; EDP 2e6 pJ·s = 2 mJ·ms.
        QVERIFY2(md.contains("| throughput (inf/s) | energy per inference (µJ) | EDP (mJ·ms) | "
                             "latency per batch (ms) | partitions | runtime (ms) |"),
                 qPrintable(md));
        QVERIFY2(md.contains("| greedy | 100 | 200 | 2 | 14 | 4 | 1 |"), qPrintable(md));
        QFile json(folder + "/partition-latency.json");
        QVERIFY(json.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(json.readAll()).object()["bottleneck"].toInt(), 1);
    }
};

QTEST_MAIN(TestChartExport)
#include "tst_chart_export.moc"
