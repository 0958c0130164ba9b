// SPDX-License-Identifier: MIT
// Every file in tests/data/corrupt/ (made by tools/make_corrupt_corpus.py from the bundled
// networks and presets) must either load cleanly or fail with an error naming the file; an
// ONNX file that imports must also map onto a chip. No crash, no exception, no silent failure.
// External data is never opened, wherever it points: proved with FIFOs, which would block a
// reader until a writer appears.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

// moc cannot parse libstdc++'s <concepts>, which the IR headers pull in.
#ifndef Q_MOC_RUN
#include "core/arch/arch_presets.h"
#include "core/mapping/unit_table.h"
#include "core/onnx/onnx_importer.h"
#include "core/partition/validity_map.h"
#include "store/run_store.h"

#include <onnx/onnx_pb.h>
#endif

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>

using namespace compass;

class TestCorruptCorpus : public QObject
{
    Q_OBJECT

private slots:
    void corpusIsPresent();
    void onnxFileLoadsOrFailsCleanly_data();
    void onnxFileLoadsOrFailsCleanly();
    void archFileLoadsOrFailsCleanly_data();
    void archFileLoadsOrFailsCleanly();
    void storeFileOpensOrIsLeftUnchanged_data();
    void storeFileOpensOrIsLeftUnchanged();
    void externalDataIsNeverOpened_data();
    void externalDataIsNeverOpened();
};

namespace {

QString corpusDir(const QString& sub)
{
    return QStringLiteral(COMPASS_TEST_DATA_DIR "/corrupt/") + sub;
}

QStringList corpusFiles(const QString& sub, const QString& pattern)
{
    return QDir(corpusDir(sub)).entryList({pattern}, QDir::Files, QDir::Name);
}

QString describe(const DiagnosticList& diagnostics)
{
    QString text;
    for (const Diagnostic& d : diagnostics.all())
        text += QString::fromStdString(formatDiagnostic(d)) + QLatin1Char('\n');
    return text;
}

/// Watches a FIFO while `work` runs: a non-blocking open for writing succeeds only while some
/// reader has the FIFO open, so a reader is caught for certain (it blocks until we open).
/// Returns true when anybody opened the FIFO for reading.
template <typename Work> bool fifoWasOpened(const QByteArray& fifo, Work&& work)
{
    std::atomic<bool> done{false};
    std::atomic<bool> opened{false};
    std::thread watcher([&] {
        while (!done.load()) {
            const int fd = ::open(fifo.constData(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0) {
                opened = true;
                ::close(fd); // the reader sees end of file and goes on
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    });
    work();
    done = true;
    watcher.join();
    return opened.load();
}

} // namespace

void TestCorruptCorpus::corpusIsPresent()
{
    // Guards against data-driven tests that pass because they have no rows.
    QVERIFY2(corpusFiles("onnx", "*.onnx").size() >= 100,
             qPrintable(QString::number(corpusFiles("onnx", "*.onnx").size())));
    QVERIFY2(corpusFiles("arch", "*.json").size() >= 20,
             qPrintable(QString::number(corpusFiles("arch", "*.json").size())));
    QVERIFY(corpusFiles("store", "*.db").size() >= 2);
}

void TestCorruptCorpus::onnxFileLoadsOrFailsCleanly_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(corpusDir("onnx"));
    for (const QString& name : corpusFiles("onnx", "*.onnx"))
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void TestCorruptCorpus::onnxFileLoadsOrFailsCleanly()
{
    QFETCH(QString, path);
    const std::string file = path.toStdString();
    DiagnosticList diagnostics;
    const std::optional<Graph> graph = importOnnxFile(file, diagnostics);
    if (!graph) {
        QVERIFY2(diagnostics.hasErrors(), "import failed without saying why");
        for (const Diagnostic& d : diagnostics.all()) {
            QVERIFY(!d.message.empty());
            if (d.severity == Severity::Error)
                QCOMPARE(d.location.file, file);
        }
        return;
    }
    QVERIFY2(!diagnostics.hasErrors(), qPrintable(describe(diagnostics)));
    QVERIFY(graph->totalWeights() >= 0);
    QVERIFY(graph->totalMacs() >= 0);

    // What imports must also map: tiling, units and the validity map on a real chip.
    DiagnosticList archDiagnostics;
    const std::optional<ArchSpec> arch = loadArchSpec("sram-S", {}, archDiagnostics);
    QVERIFY2(arch, qPrintable(describe(archDiagnostics)));
    const UnitTable units = UnitTable::build(*graph, *arch);
    const ValidityMap validity = ValidityMap::build(units);
    QCOMPARE(validity.unitCount(), units.unitCount());
    for (std::int32_t a = 0; a < validity.unitCount(); ++a)
        QVERIFY(validity.endMax(a) > a && validity.endMax(a) <= validity.unitCount());
}

void TestCorruptCorpus::archFileLoadsOrFailsCleanly_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(corpusDir("arch"));
    for (const QString& name : corpusFiles("arch", "*.json"))
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void TestCorruptCorpus::archFileLoadsOrFailsCleanly()
{
    QFETCH(QString, path);
    const std::string file = path.toStdString();
    DiagnosticList diagnostics;
    const std::optional<ArchSpec> spec = loadArchSpecFile(file, diagnostics);
    if (spec) {
        QVERIFY2(!diagnostics.hasErrors(), qPrintable(describe(diagnostics)));
        QVERIFY(spec->crossbarBits() > 0);
        QVERIFY(spec->totalCrossbars() > 0);
        return;
    }
    QVERIFY2(diagnostics.hasErrors(), "rejected without saying why");
    // Errors name this file or a file it includes through "base" (all in the corpus folder).
    const QString dir = QDir(corpusDir("arch")).canonicalPath();
    for (const Diagnostic& d : diagnostics.all()) {
        QVERIFY(!d.message.empty());
        if (d.severity != Severity::Error)
            continue;
        const QFileInfo named(QString::fromStdString(d.location.file));
        QVERIFY2(named.exists() && named.canonicalPath() == dir,
                 qPrintable(QString::fromStdString(formatDiagnostic(d))));
    }
}

void TestCorruptCorpus::storeFileOpensOrIsLeftUnchanged_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(corpusDir("store"));
    for (const QString& name : corpusFiles("store", "*.db"))
        QTest::newRow(qPrintable(name)) << dir.filePath(name);
}

void TestCorruptCorpus::storeFileOpensOrIsLeftUnchanged()
{
    // Read-only: never changes the file. Read-write: opens (migrating forward), or refuses
    // with an error naming the file and leaves it byte for byte as it was (store/run_store.h).
    QFETCH(QString, path);
    QFile source(path);
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray original = source.readAll();
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    const QString copy = temp.filePath(QStringLiteral("runs.db"));
    const auto fileBytes = [&copy] {
        QFile f(copy);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    QVERIFY(QFile::copy(path, copy));

    for (OpenMode mode : {OpenMode::ReadOnly, OpenMode::ReadWrite}) {
        DiagnosticList diagnostics;
        std::optional<RunStore> store = RunStore::open(copy, mode, diagnostics);
        if (store) {
            DiagnosticList readDiagnostics;
            for (const RunSummary& summary : store->list(RunFilter{}, readDiagnostics))
                (void)store->run(summary.id, readDiagnostics);
            if (mode == OpenMode::ReadOnly)
                QVERIFY2(fileBytes() == original, "opening read-only changed the file");
            continue;
        }
        QVERIFY2(diagnostics.hasErrors(), "refused without saying why");
        for (const Diagnostic& d : diagnostics.all())
            QCOMPARE(d.location.file, copy.toStdString());
        // fuzz_run_store once found that a v1 file whose forward migration fails was refused
        // but changed (switched to WAL first); the migrat* files keep that case covered.
        QVERIFY2(fileBytes() == original,
                 qPrintable(QStringLiteral("a refused database was changed (%1)")
                                .arg(QString::fromStdString(
                                    formatDiagnostic(diagnostics.all().front())))));
    }
}

void TestCorruptCorpus::externalDataIsNeverOpened_data()
{
    // The model names its external data file by this location; the test puts a FIFO there.
    QTest::addColumn<QString>("location");
    QTest::newRow("same folder") << QStringLiteral("weights.bin");
    QTest::newRow("parent folder") << QStringLiteral("../weights.bin");
    QTest::newRow("absolute") << QStringLiteral("<abs>/outside/weights.bin");
}

void TestCorruptCorpus::externalDataIsNeverOpened()
{
    QFETCH(QString, location);
    QTemporaryDir temp;
    QVERIFY(temp.isValid());
    QVERIFY(QDir(temp.path()).mkpath("models"));
    QVERIFY(QDir(temp.path()).mkpath("outside"));
    const QString modelDir = temp.filePath("models");
    const QString resolvedLocation = QString(location).replace("<abs>", temp.path());
    const QString fifo =
        QDir::cleanPath(QDir::isAbsolutePath(resolvedLocation) ? resolvedLocation
                                                               : modelDir + '/' + resolvedLocation);
    QVERIFY2(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0, strerror(errno));

    // alexnet with every float initializer moved to external data at `location`.
    QFile source(QStringLiteral(COMPASS_RESOURCE_DIR "/models/alexnet.onnx"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QByteArray original = source.readAll();
    onnx::ModelProto proto;
    QVERIFY(proto.ParseFromArray(original.constData(), static_cast<int>(original.size())));
    int moved = 0;
    for (onnx::TensorProto& t : *proto.mutable_graph()->mutable_initializer()) {
        if (t.data_type() != onnx::TensorProto::FLOAT)
            continue;
        t.set_data_location(onnx::TensorProto::EXTERNAL);
        t.clear_external_data();
        onnx::StringStringEntryProto* entry = t.add_external_data();
        entry->set_key("location");
        entry->set_value(resolvedLocation.toStdString());
        ++moved;
    }
    QVERIFY(moved > 0);
    const QString modelPath = modelDir + QStringLiteral("/alexnet_external.onnx");
    QFile out(modelPath);
    QVERIFY(out.open(QIODevice::WriteOnly));
    const std::string bytes = proto.SerializeAsString();
    QCOMPARE(out.write(bytes.data(), static_cast<qint64>(bytes.size())),
             static_cast<qint64>(bytes.size()));
    out.close();

    DiagnosticList diagnostics;
    std::optional<Graph> graph;
    const bool opened = fifoWasOpened(QFile::encodeName(fifo), [&] {
        graph = importOnnxFile(modelPath.toStdString(), diagnostics);
    });
    QVERIFY2(!opened, qPrintable("the importer opened the external data file " + fifo));
    // The weights are not needed: the model imports with its shapes, and a note says so.
    QVERIFY2(graph, qPrintable(describe(diagnostics)));
    DiagnosticList plainDiagnostics;
    const std::optional<Graph> plain =
        importOnnxFile(COMPASS_RESOURCE_DIR "/models/alexnet.onnx", plainDiagnostics);
    QVERIFY(plain);
    QCOMPARE(graph->totalWeights(), plain->totalWeights());
    QCOMPARE(graph->totalMacs(), plain->totalMacs());
}

QTEST_GUILESS_MAIN(TestCorruptCorpus)
#include "tst_corrupt_corpus.moc"
