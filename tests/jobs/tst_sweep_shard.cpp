// SPDX-License-Identifier: MIT
// --shard K/N: slices are disjoint and cover the sweep whether K counts from 0 or from 1.
#include "jobs/sweep_shard.h"

#include <QTest>

#include <set>

using compass::jobs::SweepShard;

class TestSweepShard : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("0/3") << "0/3" << true;
        QTest::newRow("3/3") << "3/3" << true;
        QTest::newRow("1/1") << "1/1" << true;
        QTest::newRow("4/3") << "4/3" << false;
        QTest::newRow("1/0") << "1/0" << false;
        QTest::newRow("-1/3") << "-1/3" << false;
        QTest::newRow("1") << "1" << false;
        QTest::newRow("a/b") << "a/b" << false;
        QTest::newRow("1/2/3") << "1/2/3" << false;
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(SweepShard::parse(text).has_value(), valid);
    }

    void slicesAreDisjointAndCover()
    {
        constexpr std::size_t kConfigs = 64;
        for (int base : {0, 1}) {
            std::set<std::size_t> united;
            std::size_t total = 0;
            for (int k = 0; k < 3; ++k) {
                const auto shard = SweepShard::parse(QString("%1/3").arg(k + base));
                QVERIFY(shard);
                const std::vector<std::size_t> part = shard->slice(kConfigs);
                QVERIFY(!part.empty());
                total += part.size();
                united.insert(part.begin(), part.end());
            }
            QCOMPARE(total, kConfigs);         // disjoint
            QCOMPARE(united.size(), kConfigs); // complete
        }
        QCOMPARE(SweepShard::parse("3/3")->slice(kConfigs),
                 SweepShard::parse("0/3")->slice(kConfigs));
        // Round-robin: 0, 3, 6, ...
        const std::vector<std::size_t> first = SweepShard{0, 3}.slice(7);
        QCOMPARE(first, (std::vector<std::size_t>{0, 3, 6}));
        QCOMPARE(SweepShard{}.slice(5).size(), std::size_t{5});
    }
};

QTEST_GUILESS_MAIN(TestSweepShard)
#include "tst_sweep_shard.moc"
