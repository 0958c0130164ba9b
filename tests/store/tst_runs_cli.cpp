// SPDX-License-Identifier: MIT
// `compass runs ...` end to end: the database is seeded through the library, the CLI runs as
// a child process on it.
#include "core/support/diagnostics.h"
#include "fixture_database.h"
#include "sample_runs.h"
#include "store/run_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace compass;
using namespace compass::testing;

namespace {

struct CliResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

CliResult runCli(const QStringList& args)
{
    QProcess process;
    process.start(COMPASS_CLI_PATH, args);
    process.waitForFinished(30000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

} // namespace

class TestRunsCli : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_db;
    std::vector<RunRecord> m_runs; // with ids

    /// Seeds a fresh database with six runs: three resnet18 on puma-like, three vgg16.
    void seed(const QString& name)
    {
        m_db = m_dir.filePath(name);
        m_runs.clear();
        DiagnosticList diagnostics;
        auto store = RunStore::open(m_db, OpenMode::ReadWrite, diagnostics);
        QVERIFY(store);
        for (std::uint64_t i = 0; i < 6; ++i) {
            RunRecord r = makeSampleRun(300 + i);
            r.modelName = i < 3 ? "resnet18" : "vgg16";
            r.archName = i % 2 == 0 ? "puma-like" : "isaac-like";
            r.notes = i == 1 ? "tuned, \"best\" so far" : "plain";
            r.id = store->insert(r, diagnostics);
            QVERIFY(r.id.isValid());
            m_runs.push_back(r);
        }
    }

private slots:
    void init() { seed(QString("cli-%1.db").arg(QTest::currentTestFunction())); }

    void listsAllRunsNewestFirst()
    {
        const CliResult r = runCli({"runs", "list", "--db", m_db});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 6);
        QVERIFY(lines[0].startsWith("ID"));
        for (int i = 0; i < 6; ++i) {
            const RunRecord& run = m_runs[static_cast<std::size_t>(5 - i)];
            QVERIFY(lines[i + 1].startsWith(QString::number(run.id.value) + ' '));
            QVERIFY(lines[i + 1].contains(QString::fromStdString(run.modelName)));
        }
    }

    void listFiltersAndPrintsJson()
    {
        const CliResult r = runCli(
            {"runs", "list", "--db", m_db, "--model", "resnet18", "--arch", "puma-like", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(root.value("database").toString(), m_db);
        const QJsonArray runs = root.value("runs").toArray();
        QList<int> ids;
        for (const QJsonValue& v : runs) {
            QCOMPARE(v.toObject().value("model").toString(), QString("resnet18"));
            QCOMPARE(v.toObject().value("arch").toString(), QString("puma-like"));
            ids << v.toObject().value("id").toInt();
        }
        QCOMPARE(ids, (QList<int>{m_runs[2].id.value, m_runs[0].id.value}));
        const QJsonObject first = runs.at(1).toObject();
        QCOMPARE(first.value("uuid").toString(), QString::fromStdString(m_runs[0].uuid));
        QCOMPARE(first.value("latency_per_batch_ns").toDouble(),
                 *m_runs[0].metricValue(metric::kLatencyPerBatchNs));
        QCOMPARE(first.value("partitions").toInt(), static_cast<int>(m_runs[0].cuts.size() + 1));
    }

    void listOfAMissingDatabaseIsEmpty()
    {
        const QString missing = m_dir.filePath("never.db");
        const CliResult r = runCli({"runs", "list", "--db", missing});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("No runs"));
        QVERIFY(!QFileInfo::exists(missing));
    }

    void showPrintsEverything()
    {
        const RunRecord& run = m_runs[1];
        const CliResult r = runCli({"runs", "show", QString::number(run.id.value), "--db", m_db});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QString::fromStdString(run.uuid)));
        QVERIFY(r.out.contains(QString::fromStdString(run.modelSha256)));
        QVERIFY(r.out.contains(QString::fromStdString(run.archHash)));
        QVERIFY(r.out.contains(QString::number(run.seed)));
        QVERIFY(r.out.contains("tuned, \"best\" so far"));
        // The plan report, as `compass optimize` prints it, in scaled units.
        QVERIFY2(r.out.contains(QString("Plan: %1 partitions").arg(run.cuts.size() + 1)),
                 qPrintable(r.out + r.err));
        QVERIFY(r.out.contains("latency per batch"));
        QVERIFY(r.out.contains("J·ms"));
        if (!run.convergence.empty() && run.method == PlanMethod::Genetic)
            QVERIFY(r.out.contains("Convergence (objective"));
    }

    void showJsonRoundTripsTheRecord()
    {
        const RunRecord& run = m_runs[4];
        const CliResult r =
            runCli({"runs", "show", QString::number(run.id.value), "--db", m_db, "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value("uuid").toString(), QString::fromStdString(run.uuid));
        QCOMPARE(o.value("seed").toString(), QString::number(run.seed));
        QCOMPARE(o.value("batch").toInteger(), run.batch);
        QCOMPARE(o.value("cuts").toArray().size(), static_cast<qsizetype>(run.cuts.size()));
        // Every stored metric, exactly, beside the plan report's totals (docs/json.md).
        const QJsonObject metrics = o.value("metrics").toObject();
        for (const auto& [key, value] : run.metrics)
            QCOMPARE(metrics.value(QString::fromStdString(key)).toDouble(), value);
        QCOMPARE(metrics.value("batch").toInteger(), run.batch);
        QCOMPARE(o.value("plan").toObject().value("partitions").toInt(),
                 static_cast<int>(run.cuts.size() + 1));
        QCOMPARE(o.value("convergence").toArray().size(),
                 static_cast<qsizetype>(run.convergence.size()));
        QCOMPARE(o.value("status").toString(), QString(runStatusName(run.status)));
    }

    void showOfAnUnknownRunFails()
    {
        const CliResult r = runCli({"runs", "show", "999", "--db", m_db});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("999"));
        QCOMPARE(runCli({"runs", "show", "abc", "--db", m_db}).exitCode, 2);
    }

    void exportsCsvRows()
    {
        const QString csv = m_dir.filePath("out.csv");
        const CliResult r =
            runCli({"runs", "export", QString::number(m_runs[1].id.value),
                    QString::number(m_runs[3].id.value), "--csv", csv, "--db", m_db});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines =
            QString::fromUtf8(testing::fileBytes(csv)).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        const QStringList header = lines[0].split(',');
        const qsizetype latency = header.indexOf("latency_per_batch_ns");
        QVERIFY(latency > 0);
        QVERIFY(header.contains("notes"));
        // Row 1 has a quoted notes field with a comma and quotes.
        QVERIFY(lines[1].endsWith("\"tuned, \"\"best\"\" so far\""));
        const QStringList row2 = lines[2].split(',');
        QCOMPARE(row2[0], QString::number(m_runs[3].id.value));
        QCOMPARE(row2[1], QString::fromStdString(m_runs[3].uuid));
        QCOMPARE(row2[latency].toDouble(), *m_runs[3].metricValue(metric::kLatencyPerBatchNs));
        QCOMPARE(runCli({"runs", "export", "1", "--db", m_db}).exitCode, 2); // no --csv
    }

    void deletesRunsAllOrNothing()
    {
        CliResult r =
            runCli({"runs", "delete", QString::number(m_runs[0].id.value), "4242", "--db", m_db});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("4242"));
        QVERIFY(r.err.contains(m_db));
        r = runCli({"runs", "delete", QString::number(m_runs[0].id.value),
                    QString::number(m_runs[5].id.value), "--db", m_db});
        QCOMPARE(r.exitCode, 0);
        DiagnosticList diagnostics;
        auto store = RunStore::open(m_db, OpenMode::ReadOnly, diagnostics);
        QVERIFY(store);
        QCOMPARE(store->count(diagnostics), std::int64_t{4});
        QVERIFY(!store->findByUuid(m_runs[0].uuid, diagnostics));
        QVERIFY(store->findByUuid(m_runs[1].uuid, diagnostics));
    }

    void anUnknownStoredMethodIsNamed()
    {
        // Written by another tool (or a newer COMPASS): the text does not read as a method.
        const RunId odd = m_runs[0].id;
        QCOMPARE(testing::runSqlScript(m_db, QString("UPDATE runs SET method = 'unknown-method' "
                                                     "WHERE id = %1;")
                                                 .arg(odd.value)),
                 QString());
        const CliResult rerun = runCli({"runs", "rerun", QString::number(odd.value), "--db", m_db});
        QCOMPARE(rerun.exitCode, 1);
        QVERIFY2(rerun.err.contains("unknown method 'unknown-method'") &&
                     rerun.err.contains("manual, greedy, layerwise, ga, exact"),
                 qPrintable(rerun.err));
        // The list shows the other runs and says which one it left out.
        const CliResult list = runCli({"runs", "list", "--db", m_db});
        QCOMPARE(list.exitCode, 0);
        QCOMPARE(list.out.split('\n', Qt::SkipEmptyParts).size(), 1 + 5);
        QVERIFY2(list.err.contains("warning") && list.err.contains("unknown-method"),
                 qPrintable(list.err));
    }

    void rerunOfAMissingModelFileNamesIt()
    {
        const RunRecord& run = m_runs[0];
        const CliResult r = runCli({"runs", "rerun", QString::number(run.id.value), "--db", m_db});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QString::fromStdString(run.modelPath)), qPrintable(r.err));
    }

    void damagedDatabaseIsReportedAndLeftAlone()
    {
        const QString bad = m_dir.filePath("photo.db");
        {
            QFile file(bad);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray::fromHex("89504e470d0a1a0a0000000d4948445200000001"));
        }
        const QByteArray before = testing::fileBytes(bad);
        for (const QStringList& args : {QStringList{"runs", "list", "--db", bad},
                                        QStringList{"runs", "show", "1", "--db", bad},
                                        QStringList{"runs", "delete", "1", "--db", bad}}) {
            const CliResult r = runCli(args);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains(bad) && r.err.contains("not a COMPASS run database"),
                     qPrintable(r.err));
        }
        QCOMPARE(testing::fileBytes(bad), before);
    }

    void mergesDatabases()
    {
        const QString all = m_dir.filePath("all.db");
        CliResult r = runCli({"runs", "merge", m_db, m_db, "--into", all});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("6 runs added"));
        QVERIFY(r.out.contains("6 already present"));
    }

    void usageErrors()
    {
        QCOMPARE(runCli({"runs"}).exitCode, 2);
        QCOMPARE(runCli({"runs", "frobnicate"}).exitCode, 2);
        QCOMPARE(runCli({"runs", "--help"}).exitCode, 0);
        QCOMPARE(runCli({"runs", "list", "--help"}).exitCode, 0);
        QCOMPARE(runCli({"runs", "list", "--status", "meh", "--db", m_db}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestRunsCli)
#include "tst_runs_cli.moc"
