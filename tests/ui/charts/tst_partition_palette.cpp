// SPDX-License-Identifier: MIT
// The partition palette (issue 16, item 7): P0 and P7 no longer share a colour, and a
// partition never has its neighbour's colour.
#include "ui/charts/partition_palette.h"

#include <QtTest>

using namespace compass::ui;

class TestPartitionPalette : public QObject
{
    Q_OBJECT

private slots:
    void colouringHasNoEqualNeighboursAndNoEarlyRepeat()
    {
        constexpr int kDistinct = 21; // 7 hues, each plain, darker and lighter
        for (int p = 0; p < kDistinct; ++p) {
            for (int q = p + 1; q < kDistinct; ++q)
                QVERIFY2(partitionColor(p) != partitionColor(q),
                         qPrintable(QStringLiteral("P%1 and P%2 share a colour").arg(p).arg(q)));
        }
        for (int p = 0; p < 200; ++p) {
            QVERIFY(partitionColor(p).isValid());
            QVERIFY(partitionColor(p) != partitionColor(p + 1));
            QVERIFY(partitionColor(p) != partitionColor(-1)); // grey means "no plan"
        }
    }

    void labelsStayReadable()
    {
        for (int p = 0; p < 21; ++p) {
            const QColor text = textColorOn(partitionColor(p));
            QVERIFY(text == QColor(Qt::black) || text == QColor(Qt::white));
        }
    }
};

QTEST_GUILESS_MAIN(TestPartitionPalette)
#include "tst_partition_palette.moc"
