// SPDX-License-Identifier: MIT
// compass sweep end to end: spec errors name the field, the cross product has the expected
// size, shards are disjoint and cover the sweep, a rerun resumes, and three shards run through
// GNU parallel and merged equal the unsharded sweep.
#include "tests/store/stored_runs.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

using namespace compass;

namespace {

struct CliResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

CliResult runProgram(const QString& program, const QStringList& args)
{
    QProcess process;
    process.start(program, args);
    process.waitForFinished(120000);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

CliResult runCli(const QStringList& args)
{
    return runProgram(COMPASS_CLI_PATH, args);
}

bool writeFile(const QString& path, const QByteArray& text)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(text) == text.size();
}

/// The small sweep every test uses (also tests/jobs/tst_sweep_spec): 2 models x 1 chip x 2
/// overrides x 2 batches x (greedy + layerwise + ga x 2 seeds) x 2 objectives = 64
/// configurations.
QByteArray smallSpec()
{
    QFile file(COMPASS_TEST_DATA_DIR "/sweeps/small.json");
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
constexpr int kSpecConfigurations = 2 * 1 * 2 * 2 * (1 + 1 + 2) * 2;

QJsonArray listSlice(const QStringList& extra)
{
    const CliResult r = runCli(QStringList{"sweep"} + extra + QStringList{"--list", "--json"});
    if (r.exitCode != 0)
        qWarning().noquote() << r.err;
    return QJsonDocument::fromJson(r.out.toUtf8()).object()["slice"].toArray();
}

std::set<QString> uuidsOf(const QJsonArray& slice)
{
    std::set<QString> uuids;
    for (const QJsonValue& v : slice)
        uuids.insert(v.toObject()["uuid"].toString());
    return uuids;
}

/// uuid -> (cuts, metrics) of every run in a database.
std::map<std::string, std::pair<std::vector<std::int64_t>, RunMetrics>> results(const QString& db)
{
    std::map<std::string, std::pair<std::vector<std::int64_t>, RunMetrics>> map;
    for (const RunRecord& r : test::storedRuns(db))
        map[r.uuid] = {r.cuts, r.metrics};
    return map;
}

} // namespace

class TestCliSweep : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_spec;

private slots:
    void initTestCase()
    {
        m_spec = m_dir.filePath("small.json");
        QVERIFY(writeFile(m_spec, smallSpec()));
    }

    void specErrorsNameTheField_data()
    {
        // End to end: the message is printed as "FILE: FIELD: error: ...". Every field's
        // diagnostic is checked in-process by tests/jobs/tst_sweep_spec.cpp.
        QTest::addColumn<QByteArray>("spec");
        QTest::addColumn<QString>("field");
        QTest::newRow("models missing") << QByteArray(R"({"archs": ["sram-M"]})") << "models:";
        QTest::newRow("bad override value")
            << QByteArray(R"({"models": ["resnet18"], "archs": ["sram-M"],
                              "set": {"dram.bandwidth_GBps": [25.6, -1]}})")
            << "set.dram.bandwidth_GBps[1]:";
        QTest::newRow("ga elite")
            << QByteArray(
                   R"({"models": ["resnet18"], "archs": ["sram-M"], "ga": {"population": 10, "elite": 10}})")
            << "ga.elite:";
        QTest::newRow("not json") << QByteArray("{\"models\": [") << "not valid JSON";
    }

    void specErrorsNameTheField()
    {
        QFETCH(QByteArray, spec);
        QFETCH(QString, field);
        const QString path = m_dir.filePath("bad.json");
        QVERIFY(writeFile(path, spec));
        const CliResult r = runCli({"sweep", path, "--db", m_dir.filePath("bad.db")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(path) && r.err.contains(field), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(m_dir.filePath("bad.db")));
    }

    void crossProductHasEveryConfigurationOnce()
    {
        const QJsonArray slice = listSlice({m_spec, "--db", m_dir.filePath("none.db")});
        QCOMPARE(slice.size(), kSpecConfigurations);
        QCOMPARE(uuidsOf(slice).size(), std::size_t(kSpecConfigurations));
        // Seeds multiply only the genetic algorithm's runs.
        int greedy = 0;
        for (const QJsonValue& v : slice)
            greedy += v.toObject()["method"].toString() == "greedy" ? 1 : 0;
        QCOMPARE(greedy, kSpecConfigurations / 4);

        // The same model twice (by name and by path) is one model: same configurations.
        const QString twice = m_dir.filePath("twice.json");
        QJsonObject spec = QJsonDocument::fromJson(smallSpec()).object();
        QJsonArray models = spec["models"].toArray();
        models.append(COMPASS_RESOURCE_DIR "/models/resnet18.onnx");
        spec["models"] = models;
        QVERIFY(writeFile(twice, QJsonDocument(spec).toJson()));
        QCOMPARE(uuidsOf(listSlice({twice, "--db", m_dir.filePath("none.db")})), uuidsOf(slice));
    }

    void shardsAreDisjointAndCoverTheSweep()
    {
        const std::set<QString> whole = uuidsOf(listSlice({m_spec}));
        for (const QString base : {"0", "1"}) {
            std::set<QString> united;
            std::size_t total = 0;
            for (int k = 0; k < 3; ++k) {
                const QString shard = QString("%1/3").arg(k + base.toInt());
                const std::set<QString> part = uuidsOf(listSlice({m_spec, "--shard", shard}));
                QVERIFY(!part.empty());
                total += part.size();
                united.insert(part.begin(), part.end());
            }
            QCOMPARE(total, whole.size()); // disjoint
            QCOMPARE(united, whole);       // complete
        }
        QCOMPARE(uuidsOf(listSlice({m_spec, "--shard", "3/3"})),
                 uuidsOf(listSlice({m_spec, "--shard", "0/3"})));
        QCOMPARE(runCli({"sweep", m_spec, "--shard", "4/3", "--list"}).exitCode, 2);
        QCOMPARE(runCli({"sweep", m_spec, "--shard", "1/0", "--list"}).exitCode, 2);
    }

    void rerunResumesWhereItStopped()
    {
        const QString db = m_dir.filePath("resume.db");
        const QString csv = m_dir.filePath("resume.csv");
        const CliResult first =
            runCli({"sweep", m_spec, "--shard", "1/2", "--db", db, "--csv", csv});
        QCOMPARE(first.exitCode, 0);
        const std::size_t half = results(db).size();
        QCOMPARE(half, std::size_t(kSpecConfigurations / 2));
        QVERIFY2(first.out.contains(QString("%1 run and stored, 0 already stored").arg(half)),
                 qPrintable(first.out));

        // The whole sweep now runs only the other half.
        const CliResult whole = runCli({"sweep", m_spec, "--db", db, "--csv", csv});
        QCOMPARE(whole.exitCode, 0);
        QVERIFY2(whole.out.contains(
                     QString("%1 run and stored, %1 already stored").arg(kSpecConfigurations / 2)),
                 qPrintable(whole.out));
        QCOMPARE(results(db).size(), std::size_t(kSpecConfigurations));

        // A deleted run is run again, nothing else.
        QCOMPARE(runCli({"runs", "delete", "3", "--db", db}).exitCode, 0);
        const CliResult again = runCli({"sweep", m_spec, "--db", db, "--csv", csv});
        QVERIFY2(again.out.contains(
                     QString("1 run and stored, %1 already stored").arg(kSpecConfigurations - 1)),
                 qPrintable(again.out));
        QCOMPARE(results(db).size(), std::size_t(kSpecConfigurations));

        // The CSV has one row per configuration, the resumed ones included.
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), kSpecConfigurations + 2); // header, rows, final empty
        QVERIFY(lines[0].startsWith("config,uuid,run_id,model"));
    }

    void gnuParallelShardsMergeIntoTheUnshardedSweep()
    {
        const QString parallel = QStandardPaths::findExecutable("parallel");
        if (parallel.isEmpty() || !runProgram(parallel, {"--version"}).out.contains("GNU parallel"))
            QSKIP("GNU parallel is not installed (Debian package 'parallel')");
        const QString dir = m_dir.filePath("parallel");
        QVERIFY(QDir().mkpath(dir));
        const CliResult shards = runProgram(
            parallel, {"--will-cite", "--halt", "now,fail=1", COMPASS_CLI_PATH, "sweep", m_spec,
                       "--shard", "{}/3", "--jobs", "1", "--db", dir + "/shard{}.db", "--csv",
                       dir + "/shard{}.csv", ":::", "1", "2", "3"});
        QVERIFY2(shards.exitCode == 0, qPrintable(shards.out + shards.err));
        const CliResult merged = runCli({"runs", "merge", dir + "/shard1.db", dir + "/shard2.db",
                                         dir + "/shard3.db", "--into", dir + "/all.db"});
        QVERIFY2(merged.exitCode == 0, qPrintable(merged.err));
        // Merging a shard again adds nothing.
        QVERIFY(runCli({"runs", "merge", dir + "/shard2.db", "--into", dir + "/all.db"})
                    .out.contains("0 runs added"));

        QCOMPARE(runCli({"sweep", m_spec, "--db", dir + "/whole.db", "--csv", dir + "/whole.csv"})
                     .exitCode,
                 0);
        const auto sharded = results(dir + "/all.db");
        const auto whole = results(dir + "/whole.db");
        QCOMPARE(sharded.size(), std::size_t(kSpecConfigurations));
        QVERIFY(sharded == whole);
    }
};

QTEST_GUILESS_MAIN(TestCliSweep)
#include "tst_cli_sweep.moc"
