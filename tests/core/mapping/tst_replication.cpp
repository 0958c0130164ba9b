// SPDX-License-Identifier: MIT
#include "core/arch/arch_spec.h"
#include "core/mapping/unit_table.h"
#include "core/partition/replication.h"
#include "core/partition/validity_map.h"
#include "graph_builder.h"

#include <QtTest>

using namespace compass;

namespace {

ArchSpec chip(std::int64_t cores, std::int64_t perCore)
{
    ArchSpec a;
    a.cores = cores;
    a.crossbarsPerCore = perCore;
    return a;
}

/// Brute force: the smallest bottleneck over every factor vector up to `maxR` that packs.
std::int64_t bruteForceBottleneck(const UnitTable& t, std::int32_t begin, std::int32_t end,
                                  std::int32_t maxR)
{
    const std::int32_t l0 = t.unit(static_cast<std::size_t>(begin)).layerIndex;
    const std::int32_t l1 = t.unit(static_cast<std::size_t>(end - 1)).layerIndex;
    std::vector<std::int32_t> r(static_cast<std::size_t>(t.layerCount()), 1);
    std::int64_t best = -1;
    while (true) {
        if (packUnitSpan(t, begin, end, r).fits) {
            std::int64_t bottleneck = 0;
            for (std::int32_t l = l0; l <= l1; ++l) {
                const std::int64_t v = t.layer(static_cast<std::size_t>(l)).vectorsPerInference;
                const std::int32_t f = r[static_cast<std::size_t>(l)];
                bottleneck = std::max(bottleneck, (v + f - 1) / f);
            }
            if (best < 0 || bottleneck < best)
                best = bottleneck;
        }
        std::int32_t l = l0;
        while (l <= l1 && r[static_cast<std::size_t>(l)] == maxR) {
            r[static_cast<std::size_t>(l)] = 1;
            ++l;
        }
        if (l > l1)
            break;
        r[static_cast<std::size_t>(l)] += 1;
    }
    return best;
}

} // namespace

class TestReplication : public QObject
{
    Q_OBJECT

private slots:
    void matchesBruteForce()
    {
        // Three small convolutions with different spatial sizes (vectors per inference).
        testing::GraphBuilder b;
        TensorId x = b.input(32, 16, 16);
        x = b.conv("a", x, 64, 3, 1, 1);  // 288 rows: 2 crossbars, 256 vectors
        x = b.conv("b", x, 64, 3, 2, 1);  // 576 rows: 3 crossbars, 64 vectors
        x = b.conv("c", x, 128, 1, 1, 0); // 64 rows, 2 column blocks, 64 vectors
        b.output(x);
        const Graph g = b.take();
        for (std::int64_t cores : {2, 3, 4}) {
            const UnitTable t = UnitTable::build(g, chip(cores, 4));
            const ValidityMap v = ValidityMap::build(t);
            for (std::int32_t a = 0; a < t.unitCount(); ++a) {
                for (std::int32_t e = a + 1; e <= v.endMax(a); ++e) {
                    const Replication rep = solveReplication(t, a, e);
                    QVERIFY(rep.packing.fits);
                    const std::int64_t brute =
                        bruteForceBottleneck(t, a, e, 4 * static_cast<std::int32_t>(cores));
                    QCOMPARE(rep.bottleneckSteps, brute);
                    // The factors realise it and are each the smallest that does.
                    std::vector<std::int32_t> byLayer(static_cast<std::size_t>(t.layerCount()), 1);
                    for (std::size_t i = 0; i < rep.layers.size(); ++i) {
                        byLayer[static_cast<std::size_t>(rep.layers[i])] = rep.factors[i];
                        const std::int64_t vec =
                            t.layer(static_cast<std::size_t>(rep.layers[i])).vectorsPerInference;
                        QVERIFY(rep.factors[i] == 1 ||
                                (vec + rep.factors[i] - 2) / (rep.factors[i] - 1) >
                                    rep.bottleneckSteps);
                    }
                    QVERIFY(packUnitSpan(t, a, e, byLayer).fits);
                }
            }
        }
    }

    void allUnitsOfALayerShareOneFactor()
    {
        const Graph g = testing::buildResnet18();
        const UnitTable t = UnitTable::build(g, chip(16, 16));
        const ValidityMap v = ValidityMap::build(t);
        const Replication rep = solveReplication(t, 0, v.endMax(0));
        QCOMPARE(rep.layers.size(), rep.factors.size());
        QVERIFY(rep.packing.fits);
        // conv1 (12544 vectors) is the bottleneck of the first partition and gets copies.
        QVERIFY(rep.factors.front() > 1);
        QVERIFY(rep.packing.crossbars <= 16 * 16);
    }
};

QTEST_GUILESS_MAIN(TestReplication)
#include "tst_replication.moc"
