// SPDX-License-Identifier: MIT
// compass optimize and simulate store their run (--db FILE, --no-store, the XDG default), the
// stored record holds the inputs that reproduce it, and `compass runs rerun` re-evaluates it.
#include "core/search/search_options_json.h"
#include "core/support/diagnostics.h"
#include "core/support/file_hash.h"
#include "store/run_hashes.h"
#include "store/run_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

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
        QCOMPARE(run.method, PlanMethod::Genetic);
        QCOMPARE(run.objective, std::optional<Objective>(Objective::Latency));
        QCOMPARE(run.seed, std::uint64_t(7));
        QCOMPARE(run.batch, std::int64_t(1));
        QCOMPARE(run.modelName, std::string("resnet18"));
        QCOMPARE(run.archName, std::string("sram-M"));
        QCOMPARE(run.status, RunStatus::Complete);
        QCOMPARE(run.engine, RunEngine::Estimator);
        QVERIFY(!run.appVersion.empty());
        QCOMPARE(run.cuts, cutsOf(report));
        QCOMPARE(run.metricValue(metric::kLatencyPerBatchNs).value_or(-1),
                 report["metrics"].toObject()["latency_per_batch_ns"].toDouble());
        QVERIFY(!run.convergence.empty());
        QCOMPARE(
            run.convergence.size(),
            static_cast<std::size_t>(report["search"].toObject()["convergence"].toArray().size()));

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
        QCOMPARE(options["ga"].toObject()["population"].toInt(), 30);
        QCOMPARE(options["ga"].toObject()["generations"].toInt(), 6);
        QCOMPARE(options["ga"].toObject()["init"].toString(), QString("layer"));
        QVERIFY(!options.contains("threads"));

        // Per-partition rows are the report's "partitions" array.
        const QJsonArray partitions =
            QJsonDocument::fromJson(QByteArray::fromStdString(run.partitionsJson)).array();
        QCOMPARE(partitions, report["partitions"].toArray());
    }

    /// A run on a modified preset is stored, shown and listed as that modification, not as the
    /// preset (issue 16, item 1: "ga, sram-M" appeared to beat exact on the same chip).
    void modifiedChipIsStoredAsSuch()
    {
        const QString db = m_dir.filePath("modified.db");
        QVERIFY(
            runCli({"optimize", "resnet18", "--arch", "sram-M", "--method", "greedy", "--db", db})
                .err.contains("stored as run 1"));
        QVERIFY(runCli({"optimize", "resnet18", "--arch", "sram-M", "--method", "greedy", "--set",
                        "dram.bandwidth_GBps=25.6", "--db", db})
                    .err.contains("stored as run 2"));
        const std::vector<RunRecord> runs = storedRuns(db);
        QCOMPARE(runs.size(), std::size_t(2));
        QCOMPARE(runs[0].archName, std::string("sram-M"));
        QCOMPARE(runs[0].archChanges, std::string());
        QCOMPARE(runs[1].archName, std::string("sram-M*"));
        QCOMPARE(runs[1].archChanges, std::string("dram.bandwidth_GBps=25.6"));

        const CliResult shown = runCli({"runs", "show", "2", "--db", db});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY2(shown.out.contains("sram-M*: sram-M with dram.bandwidth_GBps=25.6"),
                 qPrintable(shown.out));

        const CliResult listed = runCli({"runs", "list", "--json", "--db", db});
        QCOMPARE(listed.exitCode, 0);
        const QJsonDocument document = QJsonDocument::fromJson(listed.out.toUtf8());
        const QJsonArray rows =
            document.isArray() ? document.array() : document.object()["runs"].toArray();
        QCOMPARE(rows.size(), 2);
        std::map<int, QJsonObject> byId;
        for (const QJsonValue& row : rows)
            byId[row.toObject()["id"].toInt()] = row.toObject();
        QCOMPARE(byId[1]["arch"].toString(), QString("sram-M"));
        QCOMPARE(byId[2]["arch"].toString(), QString("sram-M*"));
        QCOMPARE(byId[2]["arch_changes"].toString(), QString("dram.bandwidth_GBps=25.6"));
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
        QCOMPARE(runs[0].method, PlanMethod::Manual);
        QCOMPARE(runs[0].cuts, (std::vector<std::int64_t>{30, 60, 90}));
        QCOMPARE(runs[2].batch, std::int64_t(4));
        for (const RunRecord& run : runs) {
            const CliResult r =
                runCli({"runs", "rerun", QString::number(run.id.value), "--db", db});
            QVERIFY2(
                r.exitCode == 0 && r.out.contains("no difference"),
                qPrintable(QString::fromLatin1(planMethodName(run.method)) + ": " + r.out + r.err));
        }
    }

    /// Every option that changes a plan survives record and rerun: core's search-option table
    /// (each field with changesPlan), the batch, replication and a chip override. Each command
    /// sets one of them to a value other than its default; the stored run must hold it and
    /// `runs rerun` must say "no difference".
    void everyPlanOptionSurvivesRecordAndRerun()
    {
        const QStringList smallGa{"optimize",         "squeezenet1_1",
                                  "--arch",           "sram-S",
                                  "--method",         "ga",
                                  "--ga-population",  "12",
                                  "--ga-elite",       "4",
                                  "--ga-generations", "3",
                                  "--threads",        "1"};
        // QCommandLineParser reads the last value of a repeated flag.
        const std::map<std::string, QStringList> byField{
            {"method", {"--method", "exact"}},
            {"objective", {"--objective", "energy"}},
            {"seed", {"--seed", "11"}},
            {"ga.population", {"--ga-population", "10"}},
            {"ga.generations", {"--ga-generations", "2"}},
            {"ga.elite", {"--ga-elite", "3"}},
            {"ga.patience", {"--ga-patience", "0"}},
            {"ga.init", {"--ga-init", "uniform"}},
            {"ga.seed_baselines", {"--ga-seed-baselines"}},
        };
        for (const SearchOptionField& field : searchOptionFields()) {
            if (field.changesPlan) {
                QVERIFY2(byField.count(std::string(field.path)) == 1,
                         qPrintable("no rerun case for the plan option " +
                                    QString::fromUtf8(field.path.data(),
                                                      static_cast<qsizetype>(field.path.size()))));
            }
        }
        QList<QStringList> commands;
        for (const auto& [path, args] : byField)
            commands.append(smallGa + args);
        commands.append(smallGa + QStringList{"--batch", "2"});
        commands.append(smallGa + QStringList{"--set", "dram.bandwidth_GBps=12.8"});
        commands.append({"simulate", "squeezenet1_1", "--arch", "sram-S", "--no-replication"});

        const QString db = m_dir.filePath("every-option.db");
        for (const QStringList& command : commands) {
            const CliResult r = runCli(command + QStringList{"--db", db});
            QVERIFY2(r.err.contains("stored as run"), qPrintable(command.join(' ') + r.err));
        }
        const std::vector<RunRecord> runs = storedRuns(db);
        QCOMPARE(runs.size(), std::size_t(commands.size()));
        const auto ga = [](const RunRecord& run) {
            return QJsonDocument::fromJson(QByteArray::fromStdString(run.optionsJson))
                .object()["ga"]
                .toObject();
        };
        // byField is sorted by path: ga.elite, ga.generations, ga.init, ga.patience,
        // ga.population, ga.seed_baselines, method, objective, seed.
        QCOMPARE(ga(runs[0])["elite"].toInt(), 3);
        QCOMPARE(ga(runs[1])["generations"].toInt(), 2);
        QCOMPARE(ga(runs[2])["init"].toString(), QString("uniform"));
        QCOMPARE(ga(runs[3])["patience"].toInt(), 0);
        QCOMPARE(ga(runs[4])["population"].toInt(), 10);
        QCOMPARE(ga(runs[5])["seed_baselines"].toBool(), true);
        QVERIFY(!ga(runs[4]).contains("seed_baselines")); // Algorithm 1: not written
        QCOMPARE(runs[6].method, PlanMethod::Exact);
        QCOMPARE(runs[7].objective, std::optional<Objective>(Objective::Energy));
        QCOMPARE(runs[8].seed, std::uint64_t(11));
        QCOMPARE(runs[9].batch, std::int64_t(2));
        QVERIFY(runs[11].optionsJson.find("\"replicate\":false") != std::string::npos);
        for (const RunRecord& run : runs) {
            const CliResult r =
                runCli({"runs", "rerun", QString::number(run.id.value), "--db", db});
            QVERIFY2(r.exitCode == 0 && r.out.contains("no difference"),
                     qPrintable(QString::fromStdString(run.optionsJson) + ": " + r.out + r.err));
        }
    }

    /// The bug this test was written for: the record dropped --ga-init, so the rerun of a
    /// `--ga-init uniform` run searched with layer-aligned plans and found another plan. The two
    /// initialisations give different plans here (checked first), so that rerun would differ.
    void gaInitUniformRerunsAsUniform()
    {
        const QStringList search{
            "optimize",         "resnet18", "--arch",          "sram-M", "--method",   "ga",
            "--seed",           "5",        "--ga-population", "12",     "--ga-elite", "3",
            "--ga-generations", "2",        "--threads",       "1",      "--json"};
        const QString db = m_dir.filePath("ga-init.db");
        const CliResult layer = runCli(search + QStringList{"--ga-init", "layer", "--db", db});
        const CliResult uniform = runCli(search + QStringList{"--ga-init", "uniform", "--db", db});
        QCOMPARE(layer.exitCode, 0);
        QCOMPARE(uniform.exitCode, 0);
        const QJsonObject a = QJsonDocument::fromJson(layer.out.toUtf8()).object();
        const QJsonObject b = QJsonDocument::fromJson(uniform.out.toUtf8()).object();
        QCOMPARE(b["search"].toObject()["options"].toObject()["ga"].toObject()["init"].toString(),
                 QString("uniform"));
        QVERIFY2(a["metrics"].toObject()["latency_per_batch_ns"] !=
                     b["metrics"].toObject()["latency_per_batch_ns"],
                 "the two initialisations must give different plans for this test to bite");
        const CliResult rerun = runCli({"runs", "rerun", "2", "--db", db});
        QVERIFY2(rerun.exitCode == 0 && rerun.out.contains("no difference"),
                 qPrintable(rerun.out + rerun.err));
    }

    /// One schema for every command: the plan optimize finds, given to simulate, reports the
    /// same plan, metrics and partitions, and so does the stored run (docs/json.md). The search
    /// section is optimize's addition.
    void simulateOptimizeAndStoredRunShareOneReport()
    {
        const QString db = m_dir.filePath("schema.db");
        const CliResult optimized = runCli({"optimize", "squeezenet1_1", "--arch", "sram-S",
                                            "--method", "greedy", "--json", "--db", db});
        QCOMPARE(optimized.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(optimized.out.toUtf8()).object();
        QStringList cuts;
        for (const QJsonValue& c : o["plan"].toObject()["cuts"].toArray())
            cuts << QString::number(c.toInt());
        const CliResult simulated = runCli({"simulate", "squeezenet1_1", "--arch", "sram-S",
                                            "--cuts", cuts.join(','), "--json", "--no-store"});
        QCOMPARE(simulated.exitCode, 0);
        const QJsonObject s = QJsonDocument::fromJson(simulated.out.toUtf8()).object();
        const CliResult shown = runCli({"runs", "show", "1", "--json", "--db", db});
        QCOMPARE(shown.exitCode, 0);
        const QJsonObject r = QJsonDocument::fromJson(shown.out.toUtf8()).object();

        for (const char* key : {"plan", "metrics", "partitions", "model", "arch"})
            QVERIFY2(s[key] == o[key], key);
        QVERIFY(o.contains("search") && !s.contains("search"));
        QCOMPARE(o["search"].toObject()["method"].toString(), QString("greedy"));
        QCOMPARE(r["plan"], o["plan"]);
        QCOMPARE(r["partitions"], o["partitions"]);
        const QJsonObject storedMetrics = r["metrics"].toObject();
        const QJsonObject metrics = o["metrics"].toObject();
        for (auto it = metrics.begin(); it != metrics.end(); ++it)
            QVERIFY2(storedMetrics.contains(it.key()), qPrintable(it.key()));
        QCOMPARE(storedMetrics["latency_per_batch_ns"], metrics["latency_per_batch_ns"]);
        QCOMPARE(r["search"].toObject()["method"], o["search"].toObject()["method"]);
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
