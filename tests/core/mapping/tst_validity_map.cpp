// SPDX-License-Identifier: MIT
#include "core/arch/arch_spec.h"
#include "core/mapping/core_packer.h"
#include "core/mapping/unit_table.h"
#include "core/onnx/onnx_importer.h"
#include "core/partition/plan.h"
#include "core/partition/validity_map.h"
#include "graph_builder.h"

#include <QtTest>

#include <algorithm>
#include <random>

using namespace compass;

namespace {

ArchSpec chip(std::int64_t cores, std::int64_t perCore)
{
    ArchSpec a;
    a.cores = cores;
    a.crossbarsPerCore = perCore;
    return a;
}

/// Reference item-by-item placement: the straightforward scan over every open core that
/// placeBestFitDecreasing replaced (issue 18), kept here to check the fast one against.
std::vector<std::int32_t> referencePlacement(const std::vector<std::int64_t>& sizes,
                                             std::int64_t cores, std::int64_t perCore)
{
    std::vector<std::size_t> order(sizes.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
    std::vector<std::int32_t> coreOf(sizes.size(), -1);
    std::vector<std::int64_t> room;
    for (std::size_t i : order) {
        std::int32_t best = -1;
        for (std::size_t c = 0; c < room.size(); ++c) {
            if (room[c] >= sizes[i] && (best < 0 || room[c] < room[static_cast<std::size_t>(best)]))
                best = static_cast<std::int32_t>(c);
        }
        if (best < 0) {
            if (static_cast<std::int64_t>(room.size()) >= cores)
                return {};
            room.push_back(perCore);
            best = static_cast<std::int32_t>(room.size() - 1);
        }
        room[static_cast<std::size_t>(best)] -= sizes[i];
        coreOf[i] = best;
    }
    return coreOf;
}

/// Reference best-fit decreasing, one unit at a time.
bool bfdFits(std::vector<std::int64_t> sizes, std::int64_t cores, std::int64_t perCore,
             std::int64_t* used)
{
    std::sort(sizes.begin(), sizes.end(), std::greater<>());
    std::vector<std::int64_t> room;
    for (std::int64_t s : sizes) {
        std::int64_t best = -1;
        for (std::size_t i = 0; i < room.size(); ++i) {
            if (room[i] >= s && (best < 0 || room[i] < room[static_cast<std::size_t>(best)]))
                best = static_cast<std::int64_t>(i);
        }
        if (best < 0) {
            if (static_cast<std::int64_t>(room.size()) == cores)
                return false;
            room.push_back(perCore - s);
        } else {
            room[static_cast<std::size_t>(best)] -= s;
        }
    }
    *used = static_cast<std::int64_t>(room.size());
    return true;
}

} // namespace

class TestValidityMap : public QObject
{
    Q_OBJECT

private slots:
    void histogramPackingEqualsUnitByUnitBfd()
    {
        std::mt19937 rng(7);
        for (int trial = 0; trial < 2000; ++trial) {
            // Up to 300 crossbars per core in some trials: the packer's room bitmap spans
            // several words, and beyond 256 rooms it is on the heap.
            const std::int64_t perCore =
                1 + static_cast<std::int64_t>(rng() % (trial % 4 == 0 ? 300 : 16));
            const std::int64_t cores = 1 + static_cast<std::int64_t>(rng() % 8);
            std::vector<std::int64_t> sizes;
            std::vector<std::int64_t> counts(static_cast<std::size_t>(perCore + 1), 0);
            const int n = static_cast<int>(rng() % 40);
            for (int i = 0; i < n; ++i) {
                const std::int64_t s =
                    1 + static_cast<std::int64_t>(rng() % static_cast<unsigned>(perCore));
                sizes.push_back(s);
                counts[static_cast<std::size_t>(s)] += 1;
            }
            std::int64_t used = 0;
            const bool expected = bfdFits(sizes, cores, perCore, &used);
            const PackResult r = CorePacker(cores, perCore).pack(counts);
            QCOMPARE(r.fits, expected);
            if (expected)
                QCOMPARE(r.coresUsed, used);
        }
    }

    void failureReasons()
    {
        std::vector<std::int64_t> wide(6, 0);
        wide[3] = 3; // three units bigger than half a core, two cores (9 of 10 crossbars)
        QCOMPARE(CorePacker(2, 5).pack(wide).failure, PackingFailure::CoreCount);
        const CorePacker packer(2, 4);
        std::vector<std::int64_t> counts(5, 0);
        counts.assign(5, 0);
        counts[4] = 2;
        counts[1] = 1; // 9 crossbars > 8
        QCOMPARE(packer.pack(counts).failure, PackingFailure::CrossbarCount);
        counts.assign(5, 0);
        counts[2] = 1;
        counts[3] = 2; // 8 crossbars, but 3 + 3 + 2 cannot share two cores of 4
        QCOMPARE(packer.pack(counts).failure, PackingFailure::Packing);
        counts.assign(5, 0);
        counts[2] = 4;
        QVERIFY(packer.pack(counts).fits);
        QCOMPARE(packer.pack(counts).coresUsed, 2);
    }

    void validityIsMonotoneAndExact()
    {
        const Graph g = testing::buildResnet18();
        const UnitTable t = UnitTable::build(g, chip(16, 9));
        const ValidityMap v = ValidityMap::build(t);
        QCOMPARE(v.unitCount(), t.unitCount());
        for (std::int32_t a = 0; a < v.unitCount(); ++a) {
            const std::int32_t e = v.endMax(a);
            QVERIFY(e > a && e <= t.unitCount());
            for (std::int32_t b = a + 1; b <= e; ++b)
                QVERIFY(packUnitSpan(t, a, b).fits);
            if (e < t.unitCount()) {
                QVERIFY(!packUnitSpan(t, a, e + 1).fits);
                QCOMPARE(packUnitSpan(t, a, e + 1).failure, v.failure(a));
                QVERIFY(!v.isValid(a, e + 1));
            } else {
                QCOMPARE(v.failure(a), PackingFailure::None);
            }
        }
    }

    void moreCrossbarsPerCoreNeverInvalidates()
    {
        // ResNet18 has no column block above 18 row blocks, so units are identical for
        // K = 18 .. 32 and spans compare unit for unit.
        const Graph g = testing::buildResnet18();
        for (std::int64_t cores : {4, 16, 36}) {
            std::vector<std::int32_t> previous;
            for (std::int64_t k = 18; k <= 32; ++k) {
                const UnitTable t = UnitTable::build(g, chip(cores, k));
                const ValidityMap v = ValidityMap::build(t);
                if (!previous.empty()) {
                    QCOMPARE(static_cast<std::size_t>(v.unitCount()), previous.size());
                    for (std::int32_t a = 0; a < v.unitCount(); ++a)
                        QVERIFY(v.endMax(a) >= previous[static_cast<std::size_t>(a)]);
                }
                previous.clear();
                for (std::int32_t a = 0; a < v.unitCount(); ++a)
                    previous.push_back(v.endMax(a));
            }
        }
    }

    void vgg16LowerBounds_data()
    {
        QTest::addColumn<qint64>("cores");
        QTest::addColumn<qint64>("perCore");
        QTest::addColumn<qint64>("bound");
        QTest::newRow("S") << qint64(16) << qint64(9) << qint64(59);
        QTest::newRow("M") << qint64(16) << qint64(16) << qint64(33);
        QTest::newRow("L") << qint64(36) << qint64(16) << qint64(15);
    }

    void vgg16LowerBounds()
    {
        QFETCH(qint64, cores);
        QFETCH(qint64, perCore);
        QFETCH(qint64, bound);
        const Graph g = testing::buildVgg16();
        const ArchSpec a = chip(cores, perCore);
        // 65.97 MiB of 4-bit weights over 1.125 / 2 / 4.5 MiB.
        QCOMPARE(capacityLowerBound(g.totalWeights(), a.weightBits,
                                    a.totalCrossbars() * a.crossbarRows * a.weightsPerRow() *
                                        a.weightBits),
                 bound);
        const UnitTable t = UnitTable::build(g, a);
        const ValidityMap v = ValidityMap::build(t);
        QVERIFY(v.minimumPartitions() >= bound);
        // The tiling itself gives a bound at least as strong: crossbars over chip crossbars.
        QVERIFY((t.totalCrossbars() + a.totalCrossbars() - 1) / a.totalCrossbars() >= bound);

        DiagnosticList diagnostics;
        const auto real = importOnnxFile(COMPASS_RESOURCE_DIR "/models/vgg16.onnx", diagnostics);
        if (real) {
            const UnitTable rt = UnitTable::build(*real, a);
            QCOMPARE(ValidityMap::build(rt).minimumPartitions(), v.minimumPartitions());
        }
    }

    void planValidation()
    {
        const Graph g = testing::buildResnet18();
        const UnitTable t = UnitTable::build(g, chip(16, 9));
        const ValidityMap v = ValidityMap::build(t);
        std::vector<std::int32_t> cuts;
        for (std::int32_t a = v.endMax(0); a < t.unitCount(); a = v.endMax(a))
            cuts.push_back(a);
        DiagnosticList ok;
        QVERIFY(validatePlan(Plan::fromInnerCuts(cuts, t.unitCount()), v, ok));
        QVERIFY(ok.empty());
        // Pushing the first cut one unit further makes partition 0 invalid.
        std::vector<std::int32_t> bad = cuts;
        bad[0] += 1;
        DiagnosticList diagnostics;
        QVERIFY(!validatePlan(Plan::fromInnerCuts(bad, t.unitCount()), v, diagnostics));
        QCOMPARE(diagnostics.all().front().location.partition, 0);
        // Cuts out of order.
        DiagnosticList order;
        QVERIFY(!validatePlan(Plan::fromInnerCuts({5, 3}, t.unitCount()), v, order));
    }

    /// The bucketed best-fit placement gives every item the core the plain scan gives it,
    /// ties and overflow included, on random item lists (sizes up to a core, many equal).
    void fastPlacementEqualsTheReference()
    {
        std::mt19937 random(20261202);
        for (int trial = 0; trial < 3000; ++trial) {
            const std::int64_t perCore =
                std::uniform_int_distribution<std::int64_t>(1, 130)(random);
            const std::int64_t cores = std::uniform_int_distribution<std::int64_t>(1, 150)(random);
            const int items = std::uniform_int_distribution<int>(0, 400)(random);
            const std::int64_t biggest =
                std::uniform_int_distribution<std::int64_t>(1, perCore)(random);
            std::vector<std::int64_t> sizes;
            for (int i = 0; i < items; ++i)
                sizes.push_back(std::uniform_int_distribution<std::int64_t>(1, biggest)(random));
            const std::vector<std::int32_t> expected = referencePlacement(sizes, cores, perCore);
            const std::vector<std::int32_t> actual = placeBestFitDecreasing(sizes, cores, perCore);
            QVERIFY2(actual == expected,
                     qPrintable(QStringLiteral("trial %1: %2 items, %3 cores of %4")
                                    .arg(trial)
                                    .arg(items)
                                    .arg(cores)
                                    .arg(perCore)));
        }
        // An item larger than a core opens one of its own (documented as never produced).
        QCOMPARE(placeBestFitDecreasing(std::vector<std::int64_t>{5, 3, 2}, 4, 4),
                 referencePlacement({5, 3, 2}, 4, 4));
    }
};

QTEST_GUILESS_MAIN(TestValidityMap)
#include "tst_validity_map.moc"
