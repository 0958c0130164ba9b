// SPDX-License-Identifier: MIT
// The CLI's --dump-after and --time-passes: the dump is the pass's product (the golden file),
// printed instead of the command's output with nothing stored; the timing table lists the
// passes in the order they ran; a pass the command does not run is a usage error naming the
// passes it does run.
#include "cli_runner.h"

#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using compass::testing::CliResult;
using compass::testing::runCli;

namespace {

QByteArray golden(const char* name)
{
    QFile file(QStringLiteral(COMPASS_TESTS_DIR "/golden/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCliPasses : public QObject
{
    Q_OBJECT

private slots:
    void dumpAfterPrintsTheGoldenProduct()
    {
        const CliResult units =
            runCli({"units", "squeezenet1_1", "--arch", "sram-S", "--dump-after", "validity"});
        QCOMPARE(units.exitCode, 0);
        QVERIFY(!golden("squeezenet1_1.sram-S.validity.txt").isEmpty());
        QCOMPARE(units.out, golden("squeezenet1_1.sram-S.validity.txt"));
        const CliResult inspect =
            runCli({"inspect", "squeezenet1_1", "--dump-after", "shape-inference"});
        QCOMPARE(inspect.exitCode, 0);
        QCOMPARE(inspect.out, golden("squeezenet1_1.shape-inference.txt"));
    }

    void dumpAfterStopsBeforeTheOutputAndTheStore()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath("runs.db");
        const CliResult r = runCli({"optimize", "resnet18", "--arch", "sram-M", "--method",
                                    "greedy", "--db", db, "--dump-after", "search"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("search greedy, objective latency"), r.out.constData());
        // Only the search pass's dump is printed, not the plan report, and nothing is stored.
        const QRegularExpression dumpLine(
            "^(search|plan|objective_value|latency_per_batch_ns|throughput_ips|"
            "energy_per_inference_pj|edp_pj_s|dram_weight_bytes|dram_activation_bytes|"
            "written_bits|partition) ");
        for (const QString& line : QString::fromUtf8(r.out).split('\n', Qt::SkipEmptyParts))
            QVERIFY2(dumpLine.match(line).hasMatch(), qPrintable(line));
        QVERIFY(!QFile::exists(db));
    }

    void timePassesListsThePassesInOrder()
    {
        const CliResult r = runCli({"compile", "resnet18", "--arch", "sram-M", "--method", "greedy",
                                    "--summary", "--time-passes"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("Program: resnet18 on sram-M"));
        const QString err = QString::fromUtf8(r.err);
        qsizetype at = err.indexOf("Pass execution timing");
        QVERIFY2(at >= 0, r.err.constData());
        for (const char* pass : {"onnx-import", "shape-inference", "crossbar-tiling", "unit-table",
                                 "validity", "span-io", "search", "core-placement", "local-memory",
                                 "instruction-emission", "total"}) {
            const qsizetype next =
                err.indexOf(QRegularExpression(QStringLiteral("\\n  %1 +[ 0-9]").arg(pass)), at);
            QVERIFY2(next > at, pass);
            at = next;
        }
    }

    void aPassTheCommandDoesNotRunIsAUsageError()
    {
        const CliResult unknown =
            runCli({"units", "squeezenet1_1", "--arch", "sram-S", "--dump-after", "tiling"});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("'tiling' is not a pass this command runs") &&
                     unknown.err.contains("onnx-import, shape-inference, crossbar-tiling, "
                                          "unit-table, validity, span-io"),
                 unknown.err.constData());
        // simulate schedules only with the event engine.
        const QStringList simulate{"simulate",   "squeezenet1_1", "--arch",        "sram-S",
                                   "--no-store", "--dump-after",  "core-placement"};
        QCOMPARE(runCli(simulate).exitCode, 2);
        const CliResult event = runCli(simulate + QStringList{"--engine", "event"});
        QCOMPARE(event.exitCode, 0);
        QVERIFY2(event.out.startsWith("core placement: 1 partitions"), event.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliPasses)
#include "tst_cli_passes.moc"
