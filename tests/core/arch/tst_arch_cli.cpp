// SPDX-License-Identifier: MIT
// `compass arch ...` end to end: runs the built CLI and checks output and exit codes.
#include "core/arch/arch_json.h"
#include "core/arch/arch_presets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace compass;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run runCli(const QStringList& args)
{
    QProcess process;
    process.start(QStringLiteral(COMPASS_CLI_PATH), args);
    Run run;
    if (!process.waitForFinished(30000) || process.exitStatus() != QProcess::NormalExit)
        return run;
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

} // namespace

class TestArchCli : public QObject
{
    Q_OBJECT

private slots:
    void listShowsEveryPresetWithCapacity()
    {
        const Run run = runCli({"arch", "list"});
        QCOMPARE(run.exitCode, 0);
        const QString text = QString::fromUtf8(run.out);
        for (const std::string& name : archPresetNames())
            QVERIFY2(text.contains(QString::fromStdString(name)), qPrintable(text));
        const QStringList lines = text.split('\n', Qt::SkipEmptyParts);
        auto lineOf = [&](const QString& name) {
            for (const QString& line : lines) {
                if (line.startsWith(name + ' '))
                    return line;
            }
            return QString();
        };
        QVERIFY2(lineOf("sram-S").contains(" 1.125 "), qPrintable(text));
        QVERIFY2(lineOf("sram-M").contains(" 256x256 "), qPrintable(text));
        QVERIFY2(lineOf("sram-L").contains(" 4.5 "), qPrintable(text));
        QVERIFY2(lineOf("reram-puma").contains(" 16/16 "), qPrintable(text));
    }

    void listJson()
    {
        const Run run = runCli({"arch", "list", "--json"});
        QCOMPARE(run.exitCode, 0);
        const QJsonArray presets = QJsonDocument::fromJson(run.out).object()["presets"].toArray();
        QCOMPARE(static_cast<std::size_t>(presets.size()), archPresetNames().size());
        bool sawM = false;
        for (const QJsonValue& p : presets) {
            if (p["name"].toString() == "sram-M") {
                sawM = true;
                QCOMPARE(p["weight_capacity_MiB"].toDouble(), 2.0);
                QCOMPARE(p["technology"].toString(), QString("sram"));
            }
        }
        QVERIFY(sawM);
    }

    void showPrintsTheFullSpecThatReadsBack()
    {
        const Run run = runCli({"arch", "show", "sram-S"});
        QCOMPARE(run.exitCode, 0);
        DiagnosticList list;
        const auto shown = parseArchSpec(run.out, "stdout", list);
        QVERIFY(shown);
        const auto preset = loadArchSpec("sram-S", {}, list);
        QVERIFY(preset);
        QVERIFY(*shown == *preset);
    }

    void showAppliesOverrides()
    {
        const Run run = runCli({"arch", "show", "sram-M", "--set", "dram.bandwidth_GBps=25.6",
                                "--set", "chip.cores=4"});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(root["dram"]["bandwidth_GBps"].toDouble(), 25.6);
        QCOMPARE(root["chip"]["cores"].toInt(), 4);

        const Run hash = runCli({"arch", "show", "sram-M", "--hash"});
        QCOMPARE(hash.exitCode, 0);
        DiagnosticList list;
        QCOMPARE(QString::fromUtf8(hash.out).trimmed().toStdString(),
                 archSpecHash(*loadArchSpec("sram-M", {}, list)));
    }

    void showUnknownPresetFails()
    {
        const Run run = runCli({"arch", "show", "nosuch"});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.isEmpty());
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.contains("nosuch: error: no such file, and no preset"), qPrintable(err));
        QVERIFY2(err.contains("sram-M"), qPrintable(err));
    }

    void showBadOverrideFails()
    {
        const Run run = runCli(
            {"arch", "show", "sram-M", "--set", "chip.cores=0", "--set", "dram.bandwith_GBps=1"});
        QCOMPARE(run.exitCode, 1);
        const QString err = QString::fromUtf8(run.err);
        QVERIFY2(err.contains("--set: chip.cores: error: value 0 is outside the allowed range"),
                 qPrintable(err));
        QVERIFY2(err.contains("did you mean 'dram.bandwidth_GBps'"), qPrintable(err));
    }

    void helpAndUsage()
    {
        const Run help = runCli({"arch", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("compass arch show"));
        QCOMPARE(runCli({"arch", "frobnicate"}).exitCode, 2);
        QCOMPARE(runCli({"arch", "show"}).exitCode, 2);
        const Run fields = runCli({"arch", "fields", "--markdown"});
        QCOMPARE(fields.exitCode, 0);
        QVERIFY(fields.out.contains("`dram.bandwidth_GBps`"));
    }
};

QTEST_GUILESS_MAIN(TestArchCli)
#include "tst_arch_cli.moc"
