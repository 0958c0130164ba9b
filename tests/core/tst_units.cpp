// SPDX-License-Identifier: MIT
#include "core/support/natural_order.h"
#include "core/support/resource_paths.h"
#include "core/support/units.h"

#include <QtTest>

#include <algorithm>
#include <limits>

using namespace compass;

class TestUnits : public QObject
{
    Q_OBJECT

private slots:
    void namesSortAsPeopleReadThem()
    {
        QVERIFY(naturalLess("resnet18", "resnet152"));
        QVERIFY(!naturalLess("resnet152", "resnet18"));
        QVERIFY(naturalLess("resnet34", "resnet50"));
        QVERIFY(naturalLess("squeezenet1_0", "squeezenet1_1"));
        QVERIFY(naturalLess("Alexnet", "bert")); // case does not decide
        QVERIFY(naturalLess("vgg", "vgg16"));    // the shorter name first
        QVERIFY(naturalLess("a01", "a1"));       // equal as read: a total order
        QVERIFY(!naturalLess("a1", "a01"));
        QVERIFY(!naturalLess("x", "x"));
        // Long digit runs never overflow: they compare by length, then digits.
        QVERIFY(naturalLess("n99999999999999999999", "n100000000000000000000"));
        // The bundled list is in that order (resnet18 before resnet152).
        const std::vector<std::string> names = bundledModelNames();
        QVERIFY(std::is_sorted(
            names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return naturalLess(a, b); }));
    }

    void numbersNeverUseAnExponent()
    {
        QCOMPARE(units::number(55378.0), QStringLiteral("55378"));
        QCOMPARE(units::number(47170.4), QStringLiteral("47170"));
        QCOMPARE(units::number(5.535), QStringLiteral("5.535"));
        QCOMPARE(units::number(12.50), QStringLiteral("12.5"));
        QCOMPARE(units::number(0.001234), QStringLiteral("0.001234"));
        QCOMPARE(units::number(0.0), QStringLiteral("0"));
        QCOMPARE(units::number(-0.00001, 2), QStringLiteral("-0.00001"));
        QCOMPARE(units::number(std::numeric_limits<double>::quiet_NaN()), QStringLiteral("n/a"));
    }

    void durationsScaleToTheLargestPrefixAtOrAboveOne()
    {
        QCOMPARE(units::duration(999.0), QStringLiteral("999 ns"));
        QCOMPARE(units::duration(1000.0), QStringLiteral("1 µs"));
        QCOMPARE(units::duration(5.535e6), QStringLiteral("5.535 ms"));
        QCOMPARE(units::duration(2.5e9), QStringLiteral("2.5 s"));
        // Beyond the largest prefix the number grows, never an exponent.
        QCOMPARE(units::duration(3.6e12), QStringLiteral("3600 s"));
    }

    void energiesScale()
    {
        // The examples: "55378 µJ" and "4.717e+04 µJ" must read as millijoules.
        QCOMPARE(units::energy(55378e6), QStringLiteral("55.38 mJ"));
        QCOMPARE(units::energy(4.717e10), QStringLiteral("47.17 mJ"));
        QCOMPARE(units::energy(250.0), QStringLiteral("250 pJ"));
        QCOMPARE(units::energy(1.5e3), QStringLiteral("1.5 nJ"));
    }

    void edpScalesItsEnergyPrefix()
    {
        // 1 pJ·s = 1e-12 J·s = 1 nJ·ms; 1 µJ·ms = 1000 pJ·s. Large EDPs read scaled, never
        // "47170000 µJ·ms" (issue 16 item 10).
        QCOMPARE(units::edp(1000.0), QStringLiteral("1 µJ·ms"));
        QCOMPARE(units::edp(4.717e7), QStringLiteral("47.17 mJ·ms"));
        QCOMPARE(units::edp(4.717e10), QStringLiteral("47.17 J·ms"));
        QCOMPARE(units::edp(2.5e13), QStringLiteral("25 J·s"));
        QCOMPARE(units::edp(12.0), QStringLiteral("12 nJ·ms"));
        QCOMPARE(units::edp(0.5), QStringLiteral("500 pJ·ms"));
        QCOMPARE(units::scaleFor(units::Quantity::Edp, 1e20).symbol, QStringLiteral("J·s"));
    }

    void bytesUseBinaryPrefixesBitsDecimal()
    {
        QCOMPARE(units::bytes(512.0), QStringLiteral("512 B"));
        QCOMPARE(units::bytes(65.9676 * 1048576.0), QStringLiteral("65.97 MiB"));
        QCOMPARE(units::bits(2.5e6), QStringLiteral("2.5 Mbit"));
    }

    void powerAndThroughput()
    {
        QCOMPARE(units::power(0.5), QStringLiteral("500 µW"));
        QCOMPARE(units::power(22.8), QStringLiteral("22.8 mW"));
        QCOMPARE(units::power(1575.36), QStringLiteral("1.575 W"));
        QCOMPARE(units::throughput(2457.3), QStringLiteral("2457 inf/s"));
    }

    void lifetimesScaleUpToYears()
    {
        QCOMPARE(units::lifetime(0.0106), QStringLiteral("0.0106 s"));
        QCOMPARE(units::lifetime(90.0), QStringLiteral("1.5 min"));
        QCOMPARE(units::lifetime(7200.0), QStringLiteral("2 h"));
        QCOMPARE(units::lifetime(86400.0 * 3.0), QStringLiteral("3 days"));
        QCOMPARE(units::lifetime(31557600.0 * 12.5), QStringLiteral("12.5 years"));
        QCOMPARE(units::lifetime(std::numeric_limits<double>::infinity()),
                 QStringLiteral("unlimited"));
    }

    void percentagesAndSignedChange()
    {
        QCOMPARE(units::percent(0.125), QStringLiteral("12.5 %"));
        QCOMPARE(units::signedPercent(0.012), QStringLiteral("+1.2 %"));
        QCOMPARE(units::signedPercent(-0.002), QString::fromUtf8("\u22120.2 %"));
        QCOMPARE(units::signedPercent(0.0001), QStringLiteral("0.0 %"));
    }

    void countsUseTheSingularForOne()
    {
        QCOMPARE(units::count(1, "partition", "partitions"), QStringLiteral("1 partition"));
        QCOMPARE(units::count(0, "partition", "partitions"), QStringLiteral("0 partitions"));
        QCOMPARE(units::count(3, "input", "inputs"), QStringLiteral("3 inputs"));
    }

    void axisTitlesCarryTheUnit()
    {
        const units::Scale s = units::scaleFor(units::Quantity::Duration, 4.2e6);
        QCOMPARE(s.symbol, QStringLiteral("ms"));
        QCOMPARE(units::titled("latency per batch", s), QStringLiteral("latency per batch (ms)"));
        QCOMPARE(units::formatIn(4.2e6, s, 3), QStringLiteral("4.2 ms"));
    }
};

QTEST_GUILESS_MAIN(TestUnits)
#include "tst_units.moc"
