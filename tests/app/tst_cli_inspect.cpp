// SPDX-License-Identifier: MIT
// The `compass inspect` contract that scripts depend on: JSON shape, totals, exit codes.
#include "cli_runner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using compass::testing::CliResult;
using compass::testing::runCli;

QString modelPath(const char* name)
{
    return QStringLiteral(COMPASS_RESOURCE_DIR "/models/%1.onnx").arg(QLatin1String(name));
}

} // namespace

class TestCliInspect : public QObject
{
    Q_OBJECT

private slots:
    void jsonFollowsTheContract()
    {
        const CliResult r = runCli({"inspect", modelPath("resnet18"), "--json"});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject root = doc.object();
        QVERIFY(root["model"].isString());
        QVERIFY(root["nodes"].toInt() > 0);
        QCOMPARE(root["weight_layers"].toInt(), 21); // 17 3x3 convs, 3 downsample convs, 1 fc
        const QJsonArray layers = root["layers"].toArray();
        QCOMPARE(layers.size(), root["nodes"].toInt());
        qint64 weightSum = 0;
        qint64 macSum = 0;
        for (const QJsonValue& v : layers) {
            const QJsonObject layer = v.toObject();
            QVERIFY(layer["name"].isString());
            QVERIFY(layer["op"].isString());
            QVERIFY(layer["output"].isArray());
            weightSum += layer["weights"].toInteger();
            macSum += layer["macs"].toInteger();
        }
        const QJsonObject totals = root["totals"].toObject();
        QCOMPARE(totals["weights"].toInteger(), weightSum);
        QCOMPARE(totals["macs"].toInteger(), macSum);
        QCOMPARE(totals["conv_weights"].toInteger() + totals["fc_weights"].toInteger(), weightSum);
        QCOMPARE(totals["conv_weights"].toInteger(), qint64{11166912});
        QCOMPARE(totals["fc_weights"].toInteger(), qint64{512000});
    }

    void bundledNameResolves()
    {
        const CliResult r = runCli({"inspect", "squeezenet1_1", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject totals = QJsonDocument::fromJson(r.out).object()["totals"].toObject();
        QCOMPARE(totals["weights"].toInteger(), qint64{1231552});
    }

    void tableShowsTotals()
    {
        const CliResult r = runCli({"inspect", "vgg16"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Totals:"), r.out.constData());
        QVERIFY(r.out.contains("65.9676 MiB")); // paper: 65.97 MiB at 4-bit weights
    }

    void dotIsWritten()
    {
        QTemporaryDir dir;
        const QString dot = dir.filePath("g.dot");
        const CliResult r = runCli({"inspect", "resnet18", "--dot", dot});
        QCOMPARE(r.exitCode, 0);
        QFile file(dot);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.startsWith("digraph"));
        QVERIFY(text.contains("->"));
        QVERIFY(text.trimmed().endsWith('}'));
    }

    void badInputExitsOneWithFileName()
    {
        QTemporaryDir dir;
        const QString bogus = dir.filePath("not-a-model.onnx");
        QFile file(bogus);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not a protobuf \xff\xff\xff\xff");
        file.close();
        const CliResult r = runCli({"inspect", bogus});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("not-a-model.onnx"), r.err.constData());
        QVERIFY(r.err.contains("error"));
    }

    void missingModelExitsOne()
    {
        const CliResult r = runCli({"inspect", "no-such-network"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("no-such-network"));
    }

    void badUsageExitsTwo()
    {
        QCOMPARE(runCli({"inspect"}).exitCode, 2);
        QCOMPARE(runCli({"inspect", "--no-such-option", "resnet18"}).exitCode, 2);
        QCOMPARE(runCli({"no-such-command"}).exitCode, 2);
    }

    void helpExplainsEveryOption()
    {
        const CliResult r = runCli({"inspect", "--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--json"));
        QVERIFY(r.out.contains("--dot"));
        const CliResult top = runCli({"--help"});
        QCOMPARE(top.exitCode, 0);
        QVERIFY(top.out.contains("inspect"));
    }

    void versionNamesTheBuild()
    {
        const CliResult r = runCli({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("compass "));
        QVERIFY(r.out.contains("build"));
    }
};

QTEST_GUILESS_MAIN(TestCliInspect)
#include "tst_cli_inspect.moc"
