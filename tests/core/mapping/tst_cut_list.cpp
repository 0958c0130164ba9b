// SPDX-License-Identifier: MIT
// The --cuts text users write: unit indices or layer names, with errors naming the bad item.
#ifndef Q_MOC_RUN
#include "core/arch/arch_spec.h"
#include "core/mapping/unit_table.h"
#include "core/partition/cut_list.h"
#include "core/support/diagnostics.h"
#include "graph_builder.h"
#endif

#include <QtTest>

using namespace compass;

class TestCutList : public QObject
{
    Q_OBJECT

    Graph m_graph = testing::buildResnet18();
    ArchSpec m_arch;
    UnitTable m_units = UnitTable::build(m_graph, m_arch);

    std::optional<std::vector<std::int32_t>> parse(std::string_view text, DiagnosticList& d)
    {
        return parseCutList(text, m_graph, m_units, d);
    }

private slots:
    void unitIndicesWithSpaces()
    {
        DiagnosticList d;
        QCOMPARE(parse(" 3, 17 ,40 ", d), (std::optional(std::vector<std::int32_t>{3, 17, 40})));
        QVERIFY(d.empty());
        QCOMPARE(parse("", d), (std::optional(std::vector<std::int32_t>{})));
        const std::int32_t m = m_units.unitCount();
        QCOMPARE(parse(std::to_string(m), d), (std::optional(std::vector<std::int32_t>{m})));
    }

    void layerNamesCutBeforeTheLayer()
    {
        DiagnosticList d;
        const auto cuts = parse("layers:layer2.0.conv1, layer3.0.conv1", d);
        QVERIFY(cuts);
        const std::int32_t l2 = m_units.layerIndexOf(m_graph.findNode("layer2.0.conv1"));
        const std::int32_t l3 = m_units.layerIndexOf(m_graph.findNode("layer3.0.conv1"));
        QCOMPARE(*cuts,
                 (std::vector<std::int32_t>{m_units.layerFirstUnit(static_cast<std::size_t>(l2)),
                                            m_units.layerFirstUnit(static_cast<std::size_t>(l3))}));
    }

    void badItemsAreNamed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("named");
        QTest::newRow("not a number") << "3,x,5"
                                      << "'x'";
        QTest::newRow("negative") << "-1"
                                  << "'-1'";
        QTest::newRow("past the end") << "100000"
                                      << "'100000'";
        QTest::newRow("trailing junk") << "12abc"
                                       << "'12abc'";
        QTest::newRow("overflow") << "99999999999999999999"
                                  << "'99999999999999999999'";
        QTest::newRow("unknown layer") << "layers:nosuch"
                                       << "not a layer of the model";
        QTest::newRow("weight-free layer") << "layers:layer1.0.relu1"
                                           << "not a weight layer";
    }

    void badItemsAreNamed()
    {
        QFETCH(QString, text);
        QFETCH(QString, named);
        DiagnosticList d;
        QVERIFY(!parse(text.toStdString(), d));
        QCOMPARE(d.errorCount(), std::size_t{1});
        const Diagnostic& e = d.all().front();
        QCOMPARE(QString::fromStdString(e.location.path), QStringLiteral("--cuts"));
        QVERIFY2(QString::fromStdString(e.message).contains(named), e.message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCutList)
#include "tst_cut_list.moc"
