// SPDX-License-Identifier: MIT
// COMPASS Fig. 9 trend: with the sram presets and ResNet18, (weight load + write) energy over
// MVM energy is about 3x at B = 1 and falls as 1/B to about 0.2x at B = 16. The documented
// band (docs/cost-model.md) is [2.0, 4.0] at B = 1 and [0.12, 0.3] at B = 16.
// moc cannot parse the C++20 library headers these pull in.
#ifndef Q_MOC_RUN
#include "../core/mapping/graph_builder.h"
#include "core/arch/arch_presets.h"
#include "core/onnx/onnx_importer.h"
#include "sim/estimator.h"
#endif

#include <QtTest>

using namespace compass;

namespace {

/// The per-conversion ADC energy chosen to meet Fig. 9 (docs/cost-model.md, "Calibration").
/// TODO(arch): drop once the sram presets carry this value themselves.
constexpr double kCalibratedSramAdcPj = 0.45;

double reloadOverMvm(const Graph& g, const ArchSpec& arch, std::int64_t batch)
{
    CostingOptions o;
    o.batchSize = batch;
    const Estimator est(testing::mapped(g, arch, o));
    // Both parts are independent of the plan: one span over all units gives them.
    const PartitionCost c = est.partitionCost({0, est.unitCount()});
    return c.energy.replacementOverMvm();
}

} // namespace

class TestCalibration : public QObject
{
    Q_OBJECT

private slots:
    void fig9Trend_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::newRow("sram-S") << "sram-S";
        QTest::newRow("sram-M") << "sram-M";
        QTest::newRow("sram-L") << "sram-L";
    }

    void fig9Trend()
    {
        QFETCH(QString, preset);
        DiagnosticList diagnostics;
        std::optional<ArchSpec> arch = loadArchSpec(preset.toStdString(), {}, diagnostics);
        QVERIFY2(arch, "the sram presets load");
        // The shipped presets carry the calibrated constant (docs/cost-model.md).
        QCOMPARE(arch->adcEnergyPerConversionPj, kCalibratedSramAdcPj);

        std::optional<Graph> g =
            importOnnxFile(COMPASS_RESOURCE_DIR "/models/resnet18.onnx", diagnostics);
        const Graph graph = g ? std::move(*g) : testing::buildResnet18();
        const double b1 = reloadOverMvm(graph, *arch, 1);
        const double b16 = reloadOverMvm(graph, *arch, 16);
        QVERIFY2(b1 >= 2.0 && b1 <= 4.0, qPrintable(QString("B = 1: %1").arg(b1)));
        QVERIFY2(b16 >= 0.12 && b16 <= 0.3, qPrintable(QString("B = 16: %1").arg(b16)));
        double previous = b1;
        for (std::int64_t batch : {2, 4, 8, 16}) {
            const double r = reloadOverMvm(graph, *arch, batch);
            QVERIFY(r < previous);
            // Roughly 1/B: within 10 % of b1 / B.
            QVERIFY(std::abs(r * static_cast<double>(batch) - b1) <= 0.1 * b1);
            previous = r;
        }
    }

    void uncalibratedAdcMissesTheTarget()
    {
        // The hardware-defaults value (ISAAC, 1.56 pJ) puts B = 1 below the band: the reason
        // the constant was adjusted.
        ArchSpec a;
        a.adcEnergyPerConversionPj = 1.56;
        const double b1 = reloadOverMvm(testing::buildResnet18(), a, 1);
        QVERIFY(b1 < 2.0);
    }
};

QTEST_GUILESS_MAIN(TestCalibration)
#include "tst_calibration.moc"
