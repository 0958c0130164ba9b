// SPDX-License-Identifier: MIT
// Every file in tests/data/onnx_broken/ (made by tools/make_broken_corpus.py) must fail to
// import with an error naming the file: no crash, no exception, no silent success.
#include <QDir>
#include <QtTest>

// moc cannot parse libstdc++'s <concepts>, which the IR headers pull in.
#ifndef Q_MOC_RUN
#include "core/onnx/onnx_importer.h"
#endif

using namespace compass;

class TestOnnxBrokenCorpus : public QObject
{
    Q_OBJECT

private slots:
    void corpusIsPresent();
    void eachFileFailsCleanly_data();
    void eachFileFailsCleanly();
};

namespace {

QStringList corpusFiles()
{
    const QDir dir(QStringLiteral(COMPASS_TESTS_DIR "/data/onnx_broken"));
    return dir.entryList({QStringLiteral("*.onnx")}, QDir::Files, QDir::Name);
}

} // namespace

void TestOnnxBrokenCorpus::corpusIsPresent()
{
    // Guards against a data-driven test that passes because it has no rows.
    QVERIFY2(corpusFiles().size() >= 30, qPrintable(QString::number(corpusFiles().size())));
}

void TestOnnxBrokenCorpus::eachFileFailsCleanly_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(COMPASS_TESTS_DIR "/data/onnx_broken"));
    for (const QString& name : corpusFiles())
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void TestOnnxBrokenCorpus::eachFileFailsCleanly()
{
    QFETCH(QString, path);
    const std::string file = path.toStdString();
    DiagnosticList diagnostics;
    const std::optional<Graph> graph = importOnnxFile(file, diagnostics);
    QVERIFY(!graph);
    QVERIFY(diagnostics.hasErrors());
    for (const Diagnostic& d : diagnostics.all()) {
        QCOMPARE(d.location.file, file);
        QVERIFY(!d.message.empty());
    }
}

QTEST_GUILESS_MAIN(TestOnnxBrokenCorpus)
#include "tst_onnx_broken_corpus.moc"
