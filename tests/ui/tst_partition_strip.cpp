// SPDX-License-Identifier: MIT
// The partition strip: its pure hit-testing model, and mouse/keyboard editing through the
// document (a drag is exactly one undo step, drag-off and Delete remove, double-click adds).
// moc cannot parse the C++20 standard headers these pull in.
#ifndef Q_MOC_RUN
#include "core/support/units.h"
#include "ui/document/commands/move_cut_command.h"
#include "ui/document/commands/remove_cut_command.h"
#include "ui/document/project_document.h"
#include "ui/document/project_loader.h"
#include "ui/panels/partition_strip.h"
#include "ui/panels/strip_geometry.h"
#endif

#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace compass;
using namespace compass::ui;

class TestPartitionStrip : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void geometryMapsBothWays();
    void geometryHandles();
    void latencyWidthsFollowPartitions();
    void dragIsExactlyOneUndoStep();
    void dragOffRemovesTheCutInOneStep();
    void doubleClickAddsACut();
    void deleteKeyRemovesSelectedCut();
    void clickSelectsPartition();
    void invalidPlanGeometryStillCoversUnits();
    void captionAndTooltipsUseTheUnitsModule();

private:
    QPoint handlePoint(int cutIndex) const;

    std::shared_ptr<const Graph> m_graph;
    std::unique_ptr<ProjectDocument> m_doc;
    std::unique_ptr<PartitionStrip> m_strip;
};

void TestPartitionStrip::initTestCase()
{
    const LoadedGraph loaded =
        ProjectLoader::loadNow(QStringLiteral(COMPASS_RESOURCE_DIR "/models/resnet18.onnx"));
    QVERIFY(loaded.ok());
    m_graph = loaded.graph;
}

void TestPartitionStrip::init()
{
    m_doc = std::make_unique<ProjectDocument>();
    m_doc->setModel(m_graph, QStringLiteral("resnet18.onnx"));
    m_strip = std::make_unique<PartitionStrip>(m_doc.get());
    m_strip->resize(900, m_strip->sizeHint().height());
    m_strip->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_strip.get()));
}

void TestPartitionStrip::cleanup()
{
    m_strip.reset();
    m_doc.reset();
}

QPoint TestPartitionStrip::handlePoint(int cutIndex) const
{
    const std::int32_t cut = m_doc->innerCuts()[static_cast<std::size_t>(cutIndex)];
    return {qRound(m_strip->geometry().xOfPosition(cut)), qRound(m_strip->barRect().center().y())};
}

void TestPartitionStrip::geometryMapsBothWays()
{
    const StripGeometry g = StripGeometry::build({1.0, 2.0, 1.0}, 0.0, 40.0);
    QCOMPARE(g.unitCount(), 3);
    QCOMPARE(g.xOfPosition(0), 0.0);
    QCOMPARE(g.xOfPosition(1), 10.0);
    QCOMPARE(g.xOfPosition(2), 30.0);
    QCOMPARE(g.xOfPosition(3), 40.0);
    QCOMPARE(g.nearestPosition(14.0), 1);
    QCOMPARE(g.nearestPosition(21.0), 2);
    QCOMPARE(g.nearestPosition(-5.0), 0);
    QCOMPARE(g.nearestPosition(99.0), 3);
    QCOMPARE(g.unitAt(5.0), 0);
    QCOMPARE(g.unitAt(29.0), 1);
    QCOMPARE(g.unitAt(35.0), 2);
    QCOMPARE(g.unitAt(41.0), -1);
    for (int p = 0; p <= 3; ++p)
        QCOMPARE(g.nearestPosition(g.xOfPosition(p)), p);
    QCOMPARE(StripGeometry::build({}, 0, 10).unitCount(), 0);
}

void TestPartitionStrip::geometryHandles()
{
    const StripGeometry g = StripGeometry::build({1.0, 1.0, 1.0, 1.0}, 10.0, 40.0);
    const std::vector<std::int32_t> cuts{1, 3};
    QCOMPARE(g.handleAt(cuts, 20.0, 3.0), 0);
    QCOMPARE(g.handleAt(cuts, 42.0, 3.0), 1);
    QCOMPARE(g.handleAt(cuts, 30.0, 3.0), -1);
}

void TestPartitionStrip::latencyWidthsFollowPartitions()
{
    const PlanEvaluation e = m_doc->evaluateNow();
    const std::vector<double> w = unitWidthsByLatency(m_doc->unitLayout(), e);
    QCOMPARE(static_cast<int>(w.size()), m_doc->unitCount());
    // Each partition's units sum to its latency.
    for (const PartitionInfo& p : e.partitions) {
        double sum = 0.0;
        for (std::int32_t u = p.span.begin; u < p.span.end; ++u)
            sum += w[static_cast<std::size_t>(u)];
        QVERIFY(qAbs(sum - p.latencyNs) <= 1e-6 * p.latencyNs);
    }
    m_strip->setMode(StripMode::Latency);
    QCOMPARE(m_strip->geometry().unitCount(), m_doc->unitCount());
}

void TestPartitionStrip::dragIsExactlyOneUndoStep()
{
    QUndoStack* stack = m_doc->undoStack();
    const std::vector<std::int32_t> before = m_doc->innerCuts();
    const int last = static_cast<int>(before.size()) - 1;
    const QPoint start = handlePoint(last);
    const int left =
        qRound(m_strip->geometry().xOfPosition(before[static_cast<std::size_t>(last - 1)]));
    QTest::mousePress(m_strip.get(), Qt::LeftButton, {}, start);
    for (int step = 1; step <= 6; ++step)
        QTest::mouseMove(m_strip.get(),
                         QPoint(start.x() - (start.x() - left) * step / 12, start.y()));
    QTest::mouseRelease(m_strip.get(), Qt::LeftButton, {},
                        QPoint(start.x() - (start.x() - left) / 2, start.y()));
    QCOMPARE(stack->count(), 1);
    QVERIFY(dynamic_cast<const MoveCutCommand*>(stack->command(0)));
    const std::vector<std::int32_t> after = m_doc->innerCuts();
    QVERIFY(after[static_cast<std::size_t>(last)] < before[static_cast<std::size_t>(last)]);
    QVERIFY(after[static_cast<std::size_t>(last)] > before[static_cast<std::size_t>(last - 1)]);
    stack->undo();
    QCOMPARE(m_doc->innerCuts(), before);
    stack->redo();
    QCOMPARE(m_doc->innerCuts(), after);
}

void TestPartitionStrip::dragOffRemovesTheCutInOneStep()
{
    const std::vector<std::int32_t> before = m_doc->innerCuts();
    const QPoint start = handlePoint(0);
    QTest::mousePress(m_strip.get(), Qt::LeftButton, {}, start);
    QTest::mouseMove(m_strip.get(), start + QPoint(-15, 0));   // moves the cut
    QTest::mouseMove(m_strip.get(), start + QPoint(-15, 120)); // off the bar: back to origin
    QTest::mouseRelease(m_strip.get(), Qt::LeftButton, {}, start + QPoint(-15, 120));
    QCOMPARE(m_doc->undoStack()->count(), 1);
    QVERIFY(dynamic_cast<const RemoveCutCommand*>(m_doc->undoStack()->command(0)));
    QCOMPARE(m_doc->innerCuts().size(), before.size() - 1);
    QVERIFY(!m_doc->innerCuts().empty() && m_doc->innerCuts().front() == before[1]);
    m_doc->undoStack()->undo();
    QCOMPARE(m_doc->innerCuts(), before);
}

void TestPartitionStrip::doubleClickAddsACut()
{
    const std::vector<std::int32_t> before = m_doc->innerCuts();
    const double x =
        (m_strip->geometry().xOfPosition(before[0]) + m_strip->geometry().xOfPosition(before[1])) /
        2.0;
    const QPoint at(qRound(x), qRound(m_strip->barRect().center().y()));
    QTest::mouseDClick(m_strip.get(), Qt::LeftButton, {}, at);
    QCOMPARE(m_doc->undoStack()->count(), 1);
    QCOMPARE(m_doc->innerCuts().size(), before.size() + 1);
    const std::int32_t added = m_doc->innerCuts()[1];
    QVERIFY(added > before[0] && added < before[1]);
    QCOMPARE(m_strip->selectedCut(), 1);
}

void TestPartitionStrip::deleteKeyRemovesSelectedCut()
{
    const std::vector<std::int32_t> before = m_doc->innerCuts();
    QTest::mouseClick(m_strip.get(), Qt::LeftButton, {}, handlePoint(1));
    QCOMPARE(m_strip->selectedCut(), 1);
    QCOMPARE(m_doc->undoStack()->count(), 0); // a click without a move changes nothing
    QTest::keyClick(m_strip.get(), Qt::Key_Delete);
    QCOMPARE(m_doc->undoStack()->count(), 1);
    QCOMPARE(m_doc->innerCuts().size(), before.size() - 1);
    QCOMPARE(m_strip->selectedCut(), -1);
    QTest::keyClick(m_strip.get(), Qt::Key_Delete); // nothing selected: nothing happens
    QCOMPARE(m_doc->undoStack()->count(), 1);
}

void TestPartitionStrip::clickSelectsPartition()
{
    QSignalSpy clicked(m_strip.get(), &PartitionStrip::partitionClicked);
    const std::vector<std::int32_t> cuts = m_doc->innerCuts();
    const double x =
        (m_strip->geometry().xOfPosition(cuts[0]) + m_strip->geometry().xOfPosition(cuts[1])) / 2.0;
    QTest::mouseClick(m_strip.get(), Qt::LeftButton, {},
                      QPoint(qRound(x), qRound(m_strip->barRect().center().y())));
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.first().first().toInt(), 1);
    QCOMPARE(m_strip->highlightedPartition(), 1);
    QCOMPARE(m_doc->undoStack()->count(), 0);
}

void TestPartitionStrip::invalidPlanGeometryStillCoversUnits()
{
    QVERIFY(m_doc->applyPlan({}, QStringLiteral("No cuts")));
    QTRY_VERIFY(!m_doc->isEvaluating());
    QVERIFY(!m_doc->evaluation().valid);
    m_strip->setMode(StripMode::Latency);
    const StripGeometry& g = m_strip->geometry();
    QCOMPARE(g.unitCount(), m_doc->unitCount());
    QVERIFY(g.xOfPosition(g.unitCount()) > g.xOfPosition(0));
    m_strip->grab(); // paints the invalid span without crashing
}

void TestPartitionStrip::captionAndTooltipsUseTheUnitsModule()
{
    QTRY_VERIFY(!m_doc->isEvaluating());
    const int partitions = m_doc->plan().partitionCount();
    QCOMPARE(m_strip->caption(),
             QStringLiteral("%1 partitions · width ∝ crossbars").arg(partitions));
    // A partition's tooltip gives its latency per batch scaled to its unit.
    const std::vector<std::int32_t> cuts = m_doc->innerCuts();
    const double x =
        (m_strip->geometry().xOfPosition(cuts[0]) + m_strip->geometry().xOfPosition(cuts[1])) / 2.0;
    const QString tip = m_strip->toolTipAt({x, m_strip->barRect().center().y()});
    const PartitionInfo& info = m_doc->evaluation().partitions[1];
    QVERIFY2(
        tip.contains(QStringLiteral("latency %1 per batch").arg(units::duration(info.latencyNs))),
        qPrintable(tip));
    // One partition is "1 partition", in the singular.
    QVERIFY(m_doc->applyPlan({}, QStringLiteral("No cuts")));
    m_strip->setMode(StripMode::Latency);
    QCOMPARE(m_strip->caption(), QStringLiteral("1 partition · width ∝ latency"));
}

QTEST_MAIN(TestPartitionStrip)
#include "tst_partition_strip.moc"
