// SPDX-License-Identifier: MIT
// `compass chart` writes figures and data headless (the test runs without a display).
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

class TestChartCommand : public QObject
{
    Q_OBJECT

private:
    static int runCli(const QStringList& args, QString* stderrText = nullptr)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("DISPLAY"); // must work without one, whatever the platform variable says
        env.remove("QT_QPA_PLATFORM");
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(COMPASS_CLI_PATH), args);
        if (!p.waitForFinished(120000))
            return -1;
        if (stderrText)
            *stderrText = QString::fromUtf8(p.readAllStandardError());
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }

    static QByteArray head(const QString& path, int n)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.read(n) : QByteArray();
    }

private slots:
    void writesPngSvgPdfAndData_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("suffix");
        QTest::newRow("partition-latency png") << "partition-latency"
                                               << "png";
        QTest::newRow("compare-methods svg") << "compare-methods"
                                             << "svg";
        QTest::newRow("energy-breakdown pdf") << "energy-breakdown"
                                              << "pdf";
        QTest::newRow("pareto png") << "pareto"
                                    << "png";
        QTest::newRow("reload-vs-batch png") << "reload-vs-batch"
                                             << "png";
        QTest::newRow("batch-sweep svg") << "batch-sweep"
                                         << "svg";
    }
    void writesPngSvgPdfAndData()
    {
        QFETCH(QString, kind);
        QFETCH(QString, suffix);
        QTemporaryDir dir;
        const QString out = dir.filePath("chart." + suffix);
        const QString json = dir.filePath("chart.json");
        const QString csv = dir.filePath("chart.csv");
        QString errors;
        const int code = runCli({"chart", kind, "squeezenet1_1", "--arch", "sram-S", "--batch", "4",
                                 "--out", out, "--json", json, "--csv", csv, "--dpi", "96"},
                                &errors);
        QVERIFY2(code == 0, qPrintable(errors));
        if (suffix == "png") {
            QCOMPARE(head(out, 8), QByteArray("\x89PNG\r\n\x1a\n", 8));
            QCOMPARE(QImage(out).size(), QSize(900, 560));
        } else if (suffix == "pdf") {
            QCOMPARE(head(out, 5), QByteArray("%PDF-"));
        } else {
            QFile f(out);
            QVERIFY(f.open(QIODevice::ReadOnly));
            QXmlStreamReader xml(&f);
            while (!xml.atEnd())
                xml.readNext();
            QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        }
        QFile j(json);
        QVERIFY(j.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(j.readAll()).object()["kind"].toString(), kind);
        QVERIFY(QFileInfo(csv).size() > 0);
    }

    void badUsageExitsTwo()
    {
        QTemporaryDir dir;
        QString errors;
        QCOMPARE(
            runCli({"chart", "pie", "resnet18", "--arch", "sram-M", "--out", dir.filePath("x.png")},
                   &errors),
            2);
        QVERIFY(errors.contains("unknown chart kind"));
        QCOMPARE(runCli({"chart", "pareto", "resnet18", "--arch", "sram-M", "--out",
                         dir.filePath("x.gif")},
                        &errors),
                 2);
        QCOMPARE(runCli({"chart", "pareto", "resnet18", "--arch", "sram-M"}, &errors), 2);
    }

    void missingModelExitsOne()
    {
        QTemporaryDir dir;
        QString errors;
        QCOMPARE(runCli({"chart", "pareto", "no-such-net", "--arch", "sram-M", "--out",
                         dir.filePath("x.png")},
                        &errors),
                 1);
        QVERIFY(!QFile::exists(dir.filePath("x.png")));
    }
};

QTEST_GUILESS_MAIN(TestChartCommand)
#include "tst_chart_command.moc"
