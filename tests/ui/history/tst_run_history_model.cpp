// SPDX-License-Identifier: MIT
#ifndef Q_MOC_RUN
#include "history_test_data.h"
#include "ui/history/run_history_filter.h"
#include "ui/history/run_history_model.h"
#endif

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

#include <cmath>
#include <limits>

using namespace compass;
using namespace compass::ui;

namespace {

RunSummary summary(std::int32_t id, const std::string& model, const std::string& chip,
                   const std::string& method, std::optional<double> throughput,
                   std::set<std::string> tags = {})
{
    RunSummary s;
    s.id = RunId{id};
    s.modelName = model;
    s.archName = chip;
    s.method = parsePlanMethod(method).value_or(PlanMethod::Manual);
    s.objective = Objective::Latency;
    s.batch = 4;
    s.throughputIps = throughput;
    s.energyPerInferencePj = 2.5e6;
    s.edpPjS = 12.0;
    s.partitionCount = 3;
    s.tags = std::move(tags);
    s.createdAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'000 + id * 1000, Qt::UTC);
    return s;
}

/// Newest first, as RunStore::list returns them. Throughputs chosen so text order differs from
/// numeric order (9 < 80 < 700 numerically, "700" < "80" < "9" as text).
std::vector<RunSummary> sample()
{
    return {summary(5, "vgg16", "sram-L", "genetic", 9.0, {"paper"}),
            summary(4, "resnet18", "sram-M", "greedy", 700.0),
            summary(3, "resnet18", "sram-S", "layerwise", std::nullopt),
            summary(2, "squeezenet1_1", "sram-M", "exact", 80.0, {"baseline", "paper"}),
            summary(1, "resnet18", "sram-M", "genetic", std::numeric_limits<double>::quiet_NaN())};
}

int column(RunHistoryModel::Column c)
{
    return static_cast<int>(c);
}

} // namespace

class TestRunHistoryModel : public QObject
{
    Q_OBJECT

private slots:
    void passesTheModelTester()
    {
        RunHistoryModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRuns(sample());
        QCOMPARE(model.rowCount(), 5);
        // Incremental reloads: a run added on top, one removed, the rest edited in place.
        std::vector<RunSummary> next = sample();
        next.erase(next.begin() + 2);
        next.insert(next.begin(), summary(6, "alexnet", "sram-S", "greedy", 55.0));
        next[1].label = "renamed";
        model.setRuns(next);
        QCOMPARE(model.rowCount(), 5);
        model.setRuns({});
        QCOMPARE(model.rowCount(), 0);
    }

    void incrementalReloadKeepsRowsOfKeptRuns()
    {
        RunHistoryModel model;
        model.setRuns(sample());
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QPersistentModelIndex resnetRow = model.index(1, 0); // run 4
        std::vector<RunSummary> next = sample();
        next.erase(next.begin() + 3); // run 2 deleted
        next.insert(next.begin(), summary(6, "alexnet", "sram-S", "greedy", 55.0));
        model.setRuns(next);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(removed.count(), 1);
        QVERIFY(resnetRow.isValid());
        QCOMPARE(resnetRow.data(RunHistoryModel::RunIdRole).toLongLong(), 4);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.runAt(row)->id, next[static_cast<std::size_t>(row)].id);
    }

    void headersNameUnits()
    {
        RunHistoryModel model;
        auto title = [&](RunHistoryModel::Column c) {
            return model.headerData(column(c), Qt::Horizontal).toString();
        };
        QCOMPARE(title(RunHistoryModel::Column::Throughput), QStringLiteral("Throughput (inf/s)"));
        QCOMPARE(title(RunHistoryModel::Column::Energy), QStringLiteral("Energy/inf"));
        QCOMPARE(title(RunHistoryModel::Column::Edp), QStringLiteral("EDP"));
    }

    void displaysValuesInTheirUnits()
    {
        RunHistoryModel model;
        model.setRuns(sample());
        const auto text = [&](int row, RunHistoryModel::Column c) {
            return model.index(row, column(c)).data().toString();
        };
        QCOMPARE(text(0, RunHistoryModel::Column::Energy), QStringLiteral("2.5 µJ")); // 2.5e6 pJ
        QCOMPARE(text(0, RunHistoryModel::Column::Edp), QStringLiteral("12 nJ·ms"));  // 12 pJ·s
        QCOMPARE(text(1, RunHistoryModel::Column::Throughput), QStringLiteral("700"));
        QCOMPARE(text(2, RunHistoryModel::Column::Throughput), QStringLiteral("—"));
        QCOMPARE(text(4, RunHistoryModel::Column::Throughput), QStringLiteral("—")); // NaN
        QCOMPARE(text(3, RunHistoryModel::Column::Tags), QStringLiteral("baseline, paper"));
        QCOMPARE(model.index(2, 0).data(RunHistoryModel::RunIdRole).toLongLong(), 3);
    }

    void scalesLargeValuesWithoutExponents()
    {
        // The figures of a large network: 55378 µJ is shown as 55.38 mJ, never "5.538e+04".
        std::vector<RunSummary> runs = sample();
        runs[0].energyPerInferencePj = 5.5378e10;
        runs[0].edpPjS = 4.717e7;
        runs[0].throughputIps = 24570.4;
        RunHistoryModel model;
        model.setRuns(runs);
        const auto text = [&](RunHistoryModel::Column c) {
            return model.index(0, column(c)).data().toString();
        };
        QCOMPARE(text(RunHistoryModel::Column::Energy), QStringLiteral("55.38 mJ"));
        QCOMPARE(text(RunHistoryModel::Column::Edp), QStringLiteral("47.17 mJ·ms")); // 4.717e7 pJ·s
        QCOMPARE(text(RunHistoryModel::Column::Throughput), QStringLiteral("24570"));
        const QString tip =
            model.index(0, column(RunHistoryModel::Column::Model)).data(Qt::ToolTipRole).toString();
        QVERIFY2(!tip.contains(QStringLiteral("e+")), qPrintable(tip));
    }

    void sortsThroughputNumerically()
    {
        RunHistoryModel model;
        model.setRuns(sample());
        RunHistoryFilter proxy;
        proxy.setSourceModel(&model);
        proxy.sort(column(RunHistoryModel::Column::Throughput), Qt::AscendingOrder);
        std::vector<qlonglong> ids;
        for (int row = 0; row < proxy.rowCount(); ++row)
            ids.push_back(proxy.index(row, 0).data(RunHistoryModel::RunIdRole).toLongLong());
        // 9 (run 5) < 80 (run 2) < 700 (run 4), then the runs without a value.
        QCOMPARE(ids[0], 5);
        QCOMPARE(ids[1], 2);
        QCOMPARE(ids[2], 4);
        QCOMPARE(std::set<qlonglong>(ids.begin() + 3, ids.end()), (std::set<qlonglong>{1, 3}));

        proxy.sort(column(RunHistoryModel::Column::Throughput), Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0).data(RunHistoryModel::RunIdRole).toLongLong(), 4);
        QCOMPARE(proxy.index(1, 0).data(RunHistoryModel::RunIdRole).toLongLong(), 2);
        QCOMPARE(proxy.index(2, 0).data(RunHistoryModel::RunIdRole).toLongLong(), 5);
        // Runs without a throughput stay at the bottom in both orders.
        QVERIFY(!proxy.index(3, column(RunHistoryModel::Column::Throughput))
                     .data(RunHistoryModel::SortRole)
                     .isValid());

        // Text columns sort as text: names, case-insensitively.
        proxy.sort(column(RunHistoryModel::Column::Model), Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, column(RunHistoryModel::Column::Model)).data().toString(),
                 QStringLiteral("resnet18"));
        QCOMPARE(proxy.index(4, column(RunHistoryModel::Column::Model)).data().toString(),
                 QStringLiteral("vgg16"));
    }

    void filtersOnModelChipMethodAndTags()
    {
        RunHistoryModel model;
        model.setRuns(sample());
        RunHistoryFilter proxy;
        proxy.setSourceModel(&model);
        const auto shownIds = [&] {
            std::set<qlonglong> ids;
            for (int row = 0; row < proxy.rowCount(); ++row)
                ids.insert(proxy.index(row, 0).data(RunHistoryModel::RunIdRole).toLongLong());
            return ids;
        };
        proxy.setFilterWords(QStringLiteral("RESNET18"));
        QCOMPARE(shownIds(), (std::set<qlonglong>{1, 3, 4}));
        proxy.setFilterWords(QStringLiteral("resnet18 sram-M")); // every word must match
        QCOMPARE(shownIds(), (std::set<qlonglong>{1, 4}));
        proxy.setFilterWords(QStringLiteral("ga")); // the method name of the genetic search
        QCOMPARE(shownIds(), (std::set<qlonglong>{1, 5}));
        proxy.setFilterWords(QStringLiteral("paper"));
        QCOMPARE(shownIds(), (std::set<qlonglong>{2, 5}));
        proxy.setFilterWords(QStringLiteral("  "));
        QCOMPARE(proxy.rowCount(), 5);
        proxy.setFilterWords(QStringLiteral("mobilenet"));
        QCOMPARE(proxy.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRunHistoryModel)
#include "tst_run_history_model.moc"
