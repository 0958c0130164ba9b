// SPDX-License-Identifier: MIT
// Golden dumps: what --dump-after prints for a few bundled networks (the graph after shape
// inference, tiling, units, validity, span I/O, and the schedule of a fixed plan), compared
// line by line with the files in tests/golden/. COMPASS_UPDATE_GOLDEN=1 rewrites the files
// instead (see CMakeLists.txt); a reviewed `git diff tests/golden` then shows what changed.
// moc cannot parse the C++20 library headers these pull in.
#ifndef Q_MOC_RUN
#include "core/arch/arch_presets.h"
#include "core/partition/validity_map.h"
#include "core/pipeline/pipeline_state.h"
#include "core/pipeline/pipelines.h"
#include "core/problem/mapped_problem.h"
#include "core/support/diagnostics.h"
#endif

#include <QFile>
#include <QtTest>

using namespace compass;

namespace {

/// Batch of every case: above 1, so batch-dependent products (the program) show it.
constexpr std::int64_t kBatch = 2;

/// The fixed plan of the schedule cases: every partition as long as the validity map allows.
Plan longestPartitions(const ValidityMap& validity)
{
    std::vector<std::int32_t> cuts;
    for (std::int32_t a = validity.endMax(0); a < validity.unitCount(); a = validity.endMax(a))
        cuts.push_back(a);
    return Plan::fromInnerCuts(cuts, validity.unitCount());
}

/// The dump --dump-after `pass` gives for `model` on `arch` (no arch: import passes only),
/// through the real instrumentation; empty with the diagnostics in `why` on failure.
std::string dumpAfter(const QString& model, const QString& arch, const QString& pass, QString& why)
{
    DiagnosticList d;
    PassInstrumentation instrumentation;
    instrumentation.setDumpAfter(pass.toStdString());
    PipelineState state;
    state.modelPath = QString(COMPASS_RESOURCE_DIR "/models/%1.onnx").arg(model).toStdString();
    state.costing.batchSize = kBatch;
    if (!arch.isEmpty()) {
        const auto spec = loadArchSpecFile(
            QString(COMPASS_RESOURCE_DIR "/arch/%1.json").arg(arch).toStdString(), d);
        if (!spec) {
            why = QString::fromStdString(formatDiagnostic(d.all().front()));
            return {};
        }
        state.arch = *spec;
    }
    const Pipeline front = makePipeline({PassGroup::Import, PassGroup::Mapping});
    PipelineStatus status = front.run(state, d, &instrumentation);
    if (status == PipelineStatus::Completed) {
        state.plan = longestPartitions(state.problem->validity());
        status = makePipeline({PassGroup::Schedule}).run(state, d, &instrumentation);
    }
    if (status != PipelineStatus::Stopped) {
        why = d.hasErrors() ? QString::fromStdString(formatDiagnostic(d.all().front()))
                            : QStringLiteral("pass %1 never ran").arg(pass);
        return {};
    }
    return instrumentation.dump().value_or(std::string());
}

/// "line N: expected '...', got '...'" for the first line that differs, or empty.
QString firstDifference(const QString& expected, const QString& actual)
{
    const QStringList e = expected.split('\n');
    const QStringList a = actual.split('\n');
    for (qsizetype i = 0; i < std::max(e.size(), a.size()); ++i) {
        const QString x = e.value(i, "<end of file>");
        const QString y = a.value(i, "<end of dump>");
        if (x != y)
            return QStringLiteral("line %1: expected '%2', got '%3'").arg(i + 1).arg(x, y);
    }
    return {};
}

} // namespace

class TestGoldenDumps : public QObject
{
    Q_OBJECT

private slots:
    void dumpsMatchTheGoldenFiles_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("pass");
        QTest::newRow("squeezenet graph") << "squeezenet1_1"
                                          << ""
                                          << "shape-inference";
        QTest::newRow("squeezenet S tiling") << "squeezenet1_1"
                                             << "sram-S"
                                             << "crossbar-tiling";
        QTest::newRow("squeezenet S span io") << "squeezenet1_1"
                                              << "sram-S"
                                              << "span-io";
        for (const char* model : {"squeezenet1_1", "resnet18"}) {
            for (const char* arch : {"sram-S", "sram-M"}) {
                for (const char* pass : {"unit-table", "validity"}) {
                    QTest::newRow(qPrintable(QString("%1 %2 %3").arg(model, arch, pass)))
                        << model << arch << pass;
                }
            }
        }
        QTest::newRow("squeezenet S program") << "squeezenet1_1"
                                              << "sram-S"
                                              << "instruction-emission";
        QTest::newRow("resnet18 M program") << "resnet18"
                                            << "sram-M"
                                            << "instruction-emission";
    }

    void dumpsMatchTheGoldenFiles()
    {
        QFETCH(QString, model);
        QFETCH(QString, arch);
        QFETCH(QString, pass);
        QString why;
        const QString dump = QString::fromStdString(dumpAfter(model, arch, pass, why));
        QVERIFY2(!dump.isEmpty(), qPrintable(why));
        const QString name =
            (arch.isEmpty() ? QStringList{model, pass} : QStringList{model, arch, pass}).join('.') +
            ".txt";
        QFile file(QStringLiteral(COMPASS_TESTS_DIR "/golden/") + name);
        if (qEnvironmentVariableIsSet("COMPASS_UPDATE_GOLDEN")) {
            QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate),
                     qPrintable(file.fileName() + ": " + file.errorString()));
            file.write(dump.toUtf8());
            qInfo("updated %s", qPrintable(file.fileName()));
            return;
        }
        QVERIFY2(file.open(QIODevice::ReadOnly),
                 qPrintable(file.fileName() + ": " + file.errorString() +
                            " (COMPASS_UPDATE_GOLDEN=1 creates it)"));
        const QString expected = QString::fromUtf8(file.readAll());
        const QString difference = firstDifference(expected, dump);
        QVERIFY2(difference.isEmpty(),
                 qPrintable(name + ": " + difference +
                            " (if the change is intended: COMPASS_UPDATE_GOLDEN=1, see "
                            "tests/golden/CMakeLists.txt)"));
    }
};

QTEST_GUILESS_MAIN(TestGoldenDumps)
#include "tst_golden_dumps.moc"
