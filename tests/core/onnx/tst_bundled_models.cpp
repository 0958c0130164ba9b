// SPDX-License-Identifier: MIT
// Every bundled network (resources/models/*.onnx, made by tools/export_models.py with Debian's
// torch) imports, and its weights and MACs equal torch's own figures recorded at export time in
// resources/models/counts.json: Conv/Linear weights (a tied head once), MACs of every product
// torch ran, weight layers and attention's activation MatMuls separately.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

// moc cannot parse libstdc++'s <concepts>, which the IR headers pull in.
#ifndef Q_MOC_RUN
#include "core/onnx/onnx_importer.h"
#include "tests/core/onnx/diagnostic_text.h"
#endif

using namespace compass;

class TestBundledModels : public QObject
{
    Q_OBJECT

private slots:
    void everyBundledModelIsRecorded();
    void importsWithTorchFigures_data();
    void importsWithTorchFigures();
};

namespace {

QString modelsDir()
{
    return QStringLiteral(COMPASS_RESOURCE_DIR "/models");
}

QJsonObject counts()
{
    QFile f(modelsDir() + "/counts.json");
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

void TestBundledModels::everyBundledModelIsRecorded()
{
    QStringList files = QDir(modelsDir()).entryList({"*.onnx"}, QDir::Files, QDir::Name);
    for (QString& f : files)
        f.chop(5);
    QStringList recorded = counts().keys();
    recorded.sort();
    QCOMPARE(recorded, files);
    QVERIFY(files.size() >= 18);
}

void TestBundledModels::importsWithTorchFigures_data()
{
    QTest::addColumn<QString>("name");
    const QJsonObject record = counts();
    for (auto it = record.begin(); it != record.end(); ++it)
        QTest::newRow(qPrintable(it.key())) << it.key();
}

void TestBundledModels::importsWithTorchFigures()
{
    QFETCH(QString, name);
    const QJsonObject figures = counts().value(name).toObject();
    DiagnosticList d;
    const std::optional<Graph> g =
        importOnnxFile((modelsDir() + "/" + name + ".onnx").toStdString(), d);
    QVERIFY2(g, test::allMessages(d).c_str());
    QVERIFY2(!d.hasErrors(), test::allMessages(d).c_str());
    QCOMPARE(g->totalWeights(), figures.value("weights").toInteger());
    QCOMPARE(g->activationMatMulMacs(), figures.value("attention_macs").toInteger());
    QCOMPARE(g->totalMacs() - g->activationMatMulMacs(), figures.value("weight_macs").toInteger());
    QCOMPARE(g->totalMacs(), figures.value("macs").toInteger());
    // The recorded input shapes are the file's: batch 1, no symbolic dim left.
    const QJsonObject inputs = figures.value("inputs").toObject();
    QCOMPARE(static_cast<qsizetype>(g->inputs().size()), inputs.size());
    for (TensorId id : g->inputs()) {
        const Tensor& t = g->tensor(id);
        const QJsonArray dims = inputs.value(QString::fromStdString(t.name)).toArray();
        QCOMPARE(static_cast<qsizetype>(t.dims.size()), dims.size());
        for (std::size_t i = 0; i < t.dims.size(); ++i)
            QCOMPARE(t.dims[i], dims[static_cast<qsizetype>(i)].toInteger());
    }
}

QTEST_GUILESS_MAIN(TestBundledModels)
#include "tst_bundled_models.moc"
