// SPDX-License-Identifier: MIT
// The `compass simulate` and `compass units` contracts: JSON names, exit codes, invalid plans.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

class TestSimulateCli : public QObject
{
    Q_OBJECT

private:
    struct Run
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };

    static Run run(const QStringList& args)
    {
        QProcess p;
        p.start(COMPASS_CLI_PATH, args);
        p.waitForFinished(60000);
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

private slots:
    void jsonContract()
    {
        const Run r = run({"simulate", "resnet18", "--arch", "sram-M", "--batch", "4", "--cuts",
                           "39,73,110", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(r.out).object();
        const QJsonObject plan = root["plan"].toObject();
        QCOMPARE(plan["cuts"].toArray(), (QJsonArray{39, 73, 110}));
        QCOMPARE(plan["partitions"].toInt(), 4);
        QVERIFY(plan["valid"].toBool());
        const QJsonObject metrics = root["metrics"].toObject();
        for (const char* key :
             {"latency_per_batch_ns", "throughput_ips", "energy_per_inference_pj", "edp_pj_s",
              "dram_weight_bytes", "dram_activation_bytes", "written_bits", "core_utilization"})
            QVERIFY2(metrics[key].toDouble() > 0.0, key);
        // EDP = energy per inference x latency per batch / B, in pJ x s.
        QCOMPARE(metrics["edp_pj_s"].toDouble(), metrics["energy_per_inference_pj"].toDouble() *
                                                     metrics["latency_per_batch_ns"].toDouble() /
                                                     4.0 * 1e-9);
        const QJsonArray partitions = root["partitions"].toArray();
        QCOMPARE(partitions.size(), 4);
        QCOMPARE(partitions[0].toObject()["first_unit"].toInt(), 0);
        QCOMPARE(partitions[3].toObject()["end_unit"].toInt(), 115);
        const QJsonObject p0 = partitions[0].toObject();
        QVERIFY(!p0["layers"].toArray().isEmpty());
        QVERIFY(p0["latency_ns"].toObject().contains("weight_load"));
        QVERIFY(p0["energy_pj"].toObject().contains("mvm"));
        QVERIFY(p0["replication"].toObject().contains("/conv1/Conv"));
    }

    void cutsByLayerName()
    {
        const Run byName = run({"simulate", "resnet18", "--arch", "sram-M", "--cuts",
                                "layers:/layer4/layer4.0/conv1/Conv", "--json"});
        const Run units = run({"units", "resnet18", "--arch", "sram-M", "--json"});
        QCOMPARE(units.exitCode, 0);
        int first = -1;
        for (const QJsonValue& u : QJsonDocument::fromJson(units.out).object()["units"].toArray()) {
            if (u.toObject()["layer"].toString() == "/layer4/layer4.0/conv1/Conv") {
                first = u.toObject()["id"].toInt();
                break;
            }
        }
        QVERIFY(first > 0);
        const QJsonObject plan = QJsonDocument::fromJson(byName.out).object()["plan"].toObject();
        QCOMPARE(plan["cuts"].toArray(), QJsonArray{first});
    }

    void invalidPlanNamesThePartition()
    {
        const Run r = run({"simulate", "resnet18", "--arch", "sram-M", "--cuts", "39,80"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("partition 1"), r.err.constData());
        QVERIFY(r.err.contains("does not fit"));
    }

    void unitsListsTheValidityMap()
    {
        const Run r = run({"units", "vgg16", "--arch", "sram-S", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(root["summary"].toObject()["capacity_lower_bound"].toInt(), 59);
        QVERIFY(root["summary"].toObject()["minimum_partitions"].toInt() >= 59);
        const QJsonArray units = root["units"].toArray();
        QCOMPARE(units.size(), root["summary"].toObject()["units"].toInt());
        for (const QJsonValue& u : units)
            QVERIFY(u.toObject()["end_max"].toInt() > u.toObject()["id"].toInt());
    }
};

QTEST_GUILESS_MAIN(TestSimulateCli)
#include "tst_simulate_cli.moc"
