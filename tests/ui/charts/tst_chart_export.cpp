// SPDX-License-Identifier: MIT
#include "ui/charts/chart_builders.h"
#include "ui/charts/chart_export.h"
#include "ui/charts/chart_report.h"

#include <QAbstractBarSeries>
#include <QBarSet>
#include <QChart>
#include <QFile>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLegend>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <set>

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
    d.runs = {{"greedy", 100.0, 2e8, 2e6, 1.4e7, 4, 1.0, false, "greedy", d.subtitle},
              {"ga", 180.0, 1.6e8, 9e5, 8e6, 7, 40.0, false, "ga", d.subtitle}};
    d.baseline = 0;
    return d;
}

QString readText(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
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
        d.runs = {{"big", 24570.0, 5.5378e10, 4.717e10, 2.5e9, 1, 125000.0, false, "", ""}};
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
        data.comparison = comparison();
        PartitionLatencyData latency;
        latency.partitions.resize(3);
        latency.partitions[1].partNs[PartitionLatencyData::Compute] = 5e6;
        latency.bottleneck = 1;
        data.partitionLatency =
            ReportFigure<PartitionLatencyData>{latency, data.comparison->subtitle};
        const QString folder = dir.filePath("report");
        QString error;
        const QStringList files = writeReport(folder, data, {}, &error);
        QVERIFY2(!files.isEmpty(), qPrintable(error));
        // 4 comparison charts + partition latency, 5 files each, plus summary.md.
        QCOMPARE(files.size(), 5 * 5 + 1);
        for (const QString& f : files)
            QVERIFY2(QFileInfo(f).size() > 0, qPrintable(f));
        const QString md = readText(folder + "/summary.md");
        // One configuration: its name is the report's title, and there are no subfolders.
        QVERIFY2(md.startsWith("# resnet18 on sram-M, batch 16\n"), qPrintable(md));
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

    // Issue 16 item 4: a comparison of many runs stays readable at report size. Runs of one
    // method used to share one colour; 9 runs' legend was cut off under the chart and their
    // value labels overlapped. Now every run has its own shade of its method's colour, the
    // legend is a column beside the plot, and value labels stand upright.
    void crowdedComparisonStaysReadable()
    {
        RunComparisonData d;
        d.subtitle = "resnet18 on sram-M, batch 16";
        const char* methods[] = {"greedy", "layerwise", "ga", "ga",       "ga",
                                 "exact",  "exact",     "ga", "layerwise"};
        for (int i = 0; i < 9; ++i) {
            RunComparisonData::Run r{QStringLiteral("%1 #%2").arg(methods[i]).arg(10 + i),
                                     1000.0 + 37.0 * i,
                                     2e8 - 3e6 * i,
                                     2e6 - 2e4 * i,
                                     1.4e7,
                                     4 + i,
                                     1.0,
                                     i == 4,
                                     methods[i],
                                     d.subtitle};
            d.runs.push_back(r);
        }
        d.baseline = 0;
        QTemporaryDir dir;
        if (qEnvironmentVariableIsSet("COMPASS_KEEP_TEST_FIGURES")) {
            dir.setAutoRemove(false);
            qInfo("figures in %s", qPrintable(dir.path()));
        }
        using M = RunComparisonData::Metric;
        for (M metric : {M::All, M::Throughput}) {
            const auto chart = buildRunComparisonChart(d, metric);
            QVERIFY(exportChart(
                *chart,
                dir.filePath(QStringLiteral("crowded-%1.png").arg(static_cast<int>(metric)))));
            auto* bars = chart->findChild<QAbstractBarSeries*>();
            QVERIFY(bars);
            QCOMPARE(bars->count(), 9);
            std::set<QRgb> colours;
            for (QBarSet* set : bars->barSets())
                colours.insert(set->color().rgb());
            QCOMPARE(colours.size(), std::size_t{9});
            // A method keeps its hue: ga #12 and ga #13 are shades of ga's colour.
            QCOMPARE(bars->barSets()[3]->color().hslHue(), bars->barSets()[2]->color().hslHue());
            QCOMPARE(chart->legend()->alignment(), Qt::AlignRight);
            // The legend, laid out at the export size, is inside the chart and as tall as
            // its nine entries need.
            const QRectF legend = chart->legend()->geometry();
            QVERIFY2(QRectF(QPointF(0, 0), chart->size()).contains(legend),
                     qPrintable(QStringLiteral("%1x%2 at %3,%4")
                                    .arg(legend.width())
                                    .arg(legend.height())
                                    .arg(legend.x())
                                    .arg(legend.y())));
            QCOMPARE(bars->labelsAngle(), metric == M::All ? -90.0 : 0.0);
        }
    }

    // Issue 16 item 4: a report of runs on two chips and a batch sweep never draws them in one
    // figure or one table: each configuration gets its own folder and summary section, and
    // a cancelled run is marked once.
    void reportGroupsRunsByConfiguration()
    {
        const QString m = "resnet18 on sram-M, batch 16";
        const QString modified = "resnet18 on sram-M with dram.bandwidth_GBps=25.6, batch 16";
        const QString sweep = "resnet18 on sram-M, batches 1-64";
        ReportData data;
        RunComparisonData runs;
        runs.subtitle = "stored runs \u2014 warning: compares 2 chips";
        runs.runs = {{"#3 ga", 2457.0, 2e8, 2e6, 6.5e6, 9, 40.0, false, "ga", m},
                     {"#4 ga", 2562.0, 2e8, 1.9e6, 6.2e6, 9, 41.0, false, "ga", modified},
                     {"#5 exact", 2460.0, 2e8, 2e6, 6.5e6, 9, 30.0, true, "exact", m}};
        runs.baseline = 1; // the modified chip's run: not in the sram-M group
        data.comparison = runs;
        PartitionLatencyData latency;
        latency.partitions.resize(2);
        latency.partitions[0].partNs[PartitionLatencyData::Compute] = 3e6;
        latency.bottleneck = 0;
        data.partitionLatency = ReportFigure<PartitionLatencyData>{latency, m};
        BatchSweepData sweepValues;
        sweepValues.series = {{"ga", {{1, 500.0, 1e6, 1e8}, {64, 2500.0, 2e6, 2e8}}}};
        data.batchSweep = ReportFigure<BatchSweepData>{sweepValues, sweep};
        QCOMPARE(data.configurations(), (QStringList{m, modified, sweep}));

        QTemporaryDir dir;
        QString error;
        const QStringList files = writeReport(dir.path(), data, {}, &error);
        QVERIFY2(!files.isEmpty(), qPrintable(error));
        const QString folderM = reportFolderName(m);
        QCOMPARE(folderM, QStringLiteral("resnet18-on-sram-M-batch-16"));
        const QString folderModified = reportFolderName(modified);
        QVERIFY(folderModified != folderM);
        // sram-M: its two runs and the partition chart; the modified chip: its one run.
        const QJsonObject jm =
            QJsonDocument::fromJson(
                readText(dir.filePath(folderM + "/compare-methods.json")).toUtf8())
                .object();
        QCOMPARE(jm["runs"].toArray().size(), 2);
        QCOMPARE(jm["subtitle"].toString(), m);
        QCOMPARE(jm["baseline"].toInt(), -1);
        QVERIFY(QFile::exists(dir.filePath(folderM + "/partition-latency.png")));
        const QJsonObject jmod =
            QJsonDocument::fromJson(
                readText(dir.filePath(folderModified + "/compare-methods.json")).toUtf8())
                .object();
        QCOMPARE(jmod["runs"].toArray().size(), 1);
        QCOMPARE(jmod["baseline"].toInt(), 0);
        QVERIFY(!QFile::exists(dir.filePath(folderModified + "/partition-latency.png")));
        QVERIFY(QFile::exists(dir.filePath(reportFolderName(sweep) + "/batch-sweep-edp.png")));
        QVERIFY(!QFile::exists(dir.filePath("compare-methods.png")));

        const QString md = readText(dir.filePath("summary.md"));
        QVERIFY2(md.startsWith("# Report: 3 configurations"), qPrintable(md));
        QVERIFY2(md.contains("## " + m + "\n"), qPrintable(md));
        QVERIFY2(md.contains("## " + modified + "\n"), qPrintable(md));
        QVERIFY2(md.contains("## " + sweep + "\n"), qPrintable(md));
        QCOMPARE(md.count("#5 exact (cancelled)"), 1);
        QVERIFY2(!md.contains("(cancelled) (cancelled)"), qPrintable(md));
        QVERIFY2(md.contains("`" + folderM + "/partition-latency.png`"), qPrintable(md));
        // Each subfolder is a report of its own.
        QVERIFY(readText(dir.filePath(folderM + "/summary.md")).startsWith("# " + m + "\n"));
    }
};

QTEST_MAIN(TestChartExport)
#include "tst_chart_export.moc"
