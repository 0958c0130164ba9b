// SPDX-License-Identifier: MIT
#include "core/support/diagnostics.h"
#include "fixture_database.h"
#include "sample_runs.h"
#include "store/run_store.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace compass;
using namespace compass::testing;

namespace {

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(bytes);
}

QByteArray randomBytes(std::size_t size, std::uint64_t seed)
{
    std::mt19937_64 random(seed);
    QByteArray bytes;
    bytes.resize(static_cast<qsizetype>(size));
    for (char& c : bytes)
        c = static_cast<char>(random() & 0xff);
    return bytes;
}

QByteArray pngBytes()
{
    // A real 1x1 PNG (signature, IHDR, IDAT, IEND).
    return QByteArray::fromHex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4"
                               "890000000d49444154789c626001000000ffff03000006000557bfabd40000"
                               "000049454e44ae426082");
}

} // namespace

class TestDamagedDatabase : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    QString freshPath() { return m_dir.filePath(QString("d-%1.db").arg(++m_counter)); }

    /// A real run database with enough runs to span many pages, WAL folded in on close.
    QString realDatabase(int runs)
    {
        const QString path = freshPath();
        DiagnosticList diagnostics;
        auto store = RunStore::open(path, OpenMode::ReadWrite, diagnostics);
        for (int i = 0; i < runs; ++i)
            store->insert(makeSampleRun(static_cast<std::uint64_t>(i)), diagnostics);
        return path;
    }

    /// Opening `path` in either mode fails with one error naming the file, whose text
    /// contains `expected`, and leaves the file byte-for-byte as it was.
    void expectRefused(const QString& path, const char* expected)
    {
        const QByteArray before = fileBytes(path);
        QVERIFY(!before.isEmpty());
        for (OpenMode mode : {OpenMode::ReadWrite, OpenMode::ReadOnly}) {
            DiagnosticList diagnostics;
            QVERIFY(!RunStore::open(path, mode, diagnostics));
            QVERIFY(diagnostics.hasErrors());
            const Diagnostic& d = diagnostics.all().front();
            QCOMPARE(d.location.file, path.toStdString());
            QVERIFY2(d.message.find(expected) != std::string::npos, d.message.c_str());
            QVERIFY2(formatDiagnostic(d).find(path.toStdString()) != std::string::npos,
                     formatDiagnostic(d).c_str());
            QCOMPARE(fileBytes(path), before);
        }
        QVERIFY(!QFileInfo::exists(path + "-journal"));
    }

private slots:
    void randomBytesAreRefused()
    {
        const QString path = freshPath();
        writeFile(path, randomBytes(8192, 1));
        expectRefused(path, "not an SQLite database");
    }

    void pngIsRefused()
    {
        const QString path = freshPath();
        writeFile(path, pngBytes());
        expectRefused(path, "not a COMPASS run database");
    }

    void shortTextFileIsRefused()
    {
        const QString path = freshPath();
        writeFile(path, "hello\n");
        expectRefused(path, "not an SQLite database");
    }

    void foreignSqliteDatabaseIsRefused()
    {
        const QString path = freshPath();
        QVERIFY(runSqlScript(path, "CREATE TABLE photos (id INTEGER, data BLOB);"
                                   "INSERT INTO photos VALUES (1, x'00ff')")
                    .isEmpty());
        expectRefused(path, "another program");
    }

    void truncatedDatabaseIsRefused()
    {
        const QString path = realDatabase(60);
        QByteArray bytes = fileBytes(path);
        QVERIFY(bytes.size() > 64 * 1024);
        writeFile(path, bytes.left(bytes.size() / 2));
        expectRefused(path, "damaged");
    }

    void corruptedPagesAreRefused()
    {
        const QString path = realDatabase(60);
        QByteArray bytes = fileBytes(path);
        const QByteArray noise = randomBytes(3 * 4096, 7);
        bytes.replace(bytes.size() / 2, noise.size(), noise);
        writeFile(path, bytes);
        expectRefused(path, "damaged");
    }

    void directoryIsRefused()
    {
        DiagnosticList diagnostics;
        QVERIFY(!RunStore::open(m_dir.path(), OpenMode::ReadWrite, diagnostics));
        QCOMPARE(diagnostics.all().front().location.file, m_dir.path().toStdString());
    }

    void movesDamagedFileAsideAndStartsAfresh()
    {
        const QString path = realDatabase(30);
        QByteArray bytes = fileBytes(path);
        const QByteArray damaged = bytes.left(bytes.size() / 3);
        writeFile(path, damaged);

        DiagnosticList diagnostics;
        QString movedTo;
        auto store = RunStore::moveAsideAndCreate(path, diagnostics, &movedTo);
        QVERIFY(store);
        QVERIFY(movedTo.startsWith(path + ".damaged-"));
        QCOMPARE(fileBytes(movedTo), damaged);
        QCOMPARE(store->count(diagnostics), std::int64_t{0});
        QVERIFY(store->insert(makeSampleRun(1), diagnostics).isValid());
        QVERIFY(!diagnostics.hasErrors());

        // A second damage the same second gets its own name: nothing is overwritten.
        store.reset();
        writeFile(path, pngBytes());
        QString second;
        QVERIFY(RunStore::moveAsideAndCreate(path, diagnostics, &second));
        QVERIFY(second != movedTo);
        QCOMPARE(fileBytes(second), pngBytes());
        QCOMPARE(fileBytes(movedTo), damaged);
    }
};

QTEST_GUILESS_MAIN(TestDamagedDatabase)
#include "tst_damaged_database.moc"
