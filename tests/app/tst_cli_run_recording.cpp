// SPDX-License-Identifier: MIT
// compass optimize and simulate store their run (--db FILE, --no-store, the XDG default), the
// stored record holds the inputs that reproduce it, and `compass runs rerun` re-evaluates it.
#include "core/support/diagnostics.h"
#include "store/run_hashes.h"
#include "store/run_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

using namespace compass;

namespace {

struct CliResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

CliResult runCli(const QStringList& args, const QString& xdgDataHome = {})
{
    QProcess process;
    if (!xdgDataHome.isEmpty()) {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_DATA_HOME", xdgDataHome);
        process.setProcessEnvironment(env);
    }
    process.start(COMPASS_CLI_PATH, args);
    process.waitForFinished(60000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

std::vector<RunRecord> storedRuns(const QString& db)
{
    DiagnosticList diagnostics;
    std::vector<RunRecord> runs;
    auto store = RunStore::open(db, OpenMode::ReadOnly, diagnostics);
    if (!store)
        return runs;
    RunFilter filter;
    filter.oldestFirst = true;
    for (const RunSummary& s : store->list(filter, diagnostics)) {
        if (auto r = store->run(s.id, diagnostics))
            runs.push_back(*r);
    }
    return runs;
}

std::vector<std::int64_t> cutsOf(const QJsonObject& report)
{
    std::vector<std::int64_t> cuts;
    for (const QJsonValue& v : report["plan"].toObject()["cuts"].toArray())
        cuts.push_back(v.toInteger());
    return cuts;
}

} // namespace

class TestCliRunRecording : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void optimizeStoresItsInputsAndResult()
    {
        const QString db = m_dir.filePath("optimize.db");
        const CliResult r = runCli({"optimize", "resnet18", "--arch", "sram-M", "--method", "ga",
                                    "--seed", "7", "--ga-population", "30", "--ga-generations", "6",
                                    "--threads", "2", "--json", "--db", db});
        QCOMPARE(r.exitCode, 0);
        // stdout stays one JSON document; the note goes to stderr.
        QJsonParseError error;
        const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY2(r.err.contains("stored as run 1 in " + db), qPrintable(r.err));

        const std::vector<RunRecord> runs = storedRuns(db);
        QCOMPARE(runs.size(), std::size_t(1));
        const RunRecord& run = runs.front();
        QCOMPARE(run.method, std::string("ga"));
        QCOMPARE(run.objective, std::string("latency"));
        QCOMPARE(run.seed, std::uint64_t(7));
        QCOMPARE(run.batch, std::int64_t(1));
        QCOMPARE(run.modelName, std::string("resnet18"));
        QCOMPARE(run.archName, std::string("sram-M"));
        QCOMPARE(run.status, RunStatus::Complete);
        QCOMPARE(run.engine, std::string("estimator"));
        QVERIFY(!run.appVersion.empty());
        QCOMPARE(run.cuts, cutsOf(report));
        QCOMPARE(run.metricValue(metric::kLatencyPerBatchNs).value_or(-1),
                 report["metrics"].toObject()["latency_per_batch_ns"].toDouble());
        QVERIFY(!run.convergence.empty());
        QCOMPARE(run.convergence.size(),
                 static_cast<std::size_t>(report["convergence"].toArray().size()));

        // The model is identified by its file's bytes.
        DiagnosticList diagnostics;
        QCOMPARE(run.modelSha256,
                 fileSha256Hex(QString::fromStdString(run.modelPath), diagnostics).value_or(""));
        QCOMPARE(
            run.modelSha256,
            fileSha256Hex(COMPASS_RESOURCE_DIR "/models/resnet18.onnx", diagnostics).value_or("x"));
        QCOMPARE(run.archHash, archSpecHash(run.archJson));
        QVERIFY(run.archJson.find("\"crossbar\"") != std::string::npos);

        // GA parameters are stored; the thread count (which does not change results) is not.
        const QJsonObject options =
            QJsonDocument::fromJson(QByteArray::fromStdString(run.optionsJson)).object();
        QCOMPARE(options["population"].toInt(), 30);
        QCOMPARE(options["generations"].toInt(), 6);
        QVERIFY(!options.contains("threads"));

        // Per-partition rows are the report's "partitions" array.
        const QJsonArray partitions =
            QJsonDocument::fromJson(QByteArray::fromStdString(run.partitionsJson)).array();
        QCOMPARE(partitions, report["partitions"].toArray());
    }

    void rerunOfEveryMethodIsIdentical()
    {
        const QString db = m_dir.filePath("rerun.db");
        const QList<QStringList> commands{
            {"simulate", "resnet18", "--arch", "sram-M", "--cuts", "30,60,90"},
            {"optimize", "resnet18", "--arch", "sram-M", "--method", "greedy"},
            {"optimize", "squeezenet1_1", "--arch", "sram-S", "--method", "layerwise", "--batch",
             "4"},
            {"optimize", "resnet18", "--arch", "sram-M", "--method", "ga", "--seed", "3",
             "--ga-population", "20", "--ga-elite", "5", "--ga-generations", "4"},
            {"optimize", "resnet18", "--arch", "sram-M", "--method", "exact", "--objective", "edp",
             "--set", "dram.bandwidth_GBps=12.8"},
        };
        for (const QStringList& command : commands) {
            const CliResult r = runCli(command + QStringList{"--db", db});
            QVERIFY2(r.err.contains("stored as run"), qPrintable(r.err));
        }
        const std::vector<RunRecord> runs = storedRuns(db);
        QCOMPARE(runs.size(), std::size_t(commands.size()));
        QCOMPARE(runs[0].method, std::string("manual"));
        QCOMPARE(runs[0].cuts, (std::vector<std::int64_t>{30, 60, 90}));
        QCOMPARE(runs[2].batch, std::int64_t(4));
        for (const RunRecord& run : runs) {
            const CliResult r =
                runCli({"runs", "rerun", QString::number(run.id.value), "--db", db});
            QVERIFY2(r.exitCode == 0 && r.out.contains("no difference"),
                     qPrintable(QString::fromStdString(run.method) + ": " + r.out + r.err));
        }
    }

    void rerunRefusesAChangedModelFile()
    {
        const QString db = m_dir.filePath("changed.db");
        const QString model = m_dir.filePath("copy.onnx");
        QVERIFY(QFile::copy(COMPASS_RESOURCE_DIR "/models/squeezenet1_1.onnx", model));
        QCOMPARE(runCli({"simulate", model, "--arch", "sram-M", "--db", db}).exitCode, 0);
        QCOMPARE(runCli({"runs", "rerun", "1", "--db", db}).exitCode, 0);
        QFile file(model);
        QVERIFY(file.open(QIODevice::Append));
        file.write("x");
        file.close();
        const CliResult r = runCli({"runs", "rerun", "1", "--db", db});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(model) && r.err.contains("changed"), qPrintable(r.err));
    }

    void noStoreWritesNothingAndDefaultIsXdg()
    {
        QTemporaryDir xdg;
        const CliResult skipped = runCli(
            {"optimize", "squeezenet1_1", "--arch", "sram-M", "--method", "greedy", "--no-store"},
            xdg.path());
        QCOMPARE(skipped.exitCode, 0);
        QVERIFY(!skipped.err.contains("stored"));
        QVERIFY(!QFileInfo::exists(xdg.filePath("compass/runs.db")));

        const CliResult stored =
            runCli({"simulate", "squeezenet1_1", "--arch", "sram-M"}, xdg.path());
        QCOMPARE(stored.exitCode, 0);
        QVERIFY2(stored.err.contains(xdg.filePath("compass/runs.db")), qPrintable(stored.err));
        QCOMPARE(storedRuns(xdg.filePath("compass/runs.db")).size(), std::size_t(1));
    }

    void damagedStoreKeepsTheResult()
    {
        const QString db = m_dir.filePath("damaged.db");
        QFile file(db);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not a database, but somebody's notes\n");
        file.close();
        const CliResult r = runCli({"optimize", "squeezenet1_1", "--arch", "sram-M", "--method",
                                    "greedy", "--json", "--db", db});
        QCOMPARE(r.exitCode, 1);
        // The computed result is printed in full; the store error names the file.
        const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(report["metrics"].toObject()["latency_per_batch_ns"].toDouble() > 0);
        QVERIFY2(r.err.contains(db) && r.err.contains("not stored"), qPrintable(r.err));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("this is not a database, but somebody's notes\n"));
    }
};

QTEST_GUILESS_MAIN(TestCliRunRecording)
#include "tst_cli_run_recording.moc"
