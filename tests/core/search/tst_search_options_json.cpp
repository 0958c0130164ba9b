// SPDX-License-Identifier: MIT
// Search options to and from JSON (core/search/search_options_json.h): the one reader and
// writer behind the CLI flags, sweep specs and run records.
#include "core/search/search_options_json.h"
#include "core/support/diagnostics.h"

#include <QJsonDocument>
#include <QtTest>

using namespace compass;

namespace {

SearchOptions nonDefault()
{
    SearchOptions o;
    o.method = SearchMethod::Genetic;
    o.objective = Objective::Energy;
    o.seed = 42;
    o.genetic.population = 40;
    o.genetic.generations = 9;
    o.genetic.elite = 7;
    o.genetic.patience = 0;
    o.genetic.layerAlignedPlans = false;
    o.genetic.seedBaselines = true;
    o.threads = 3;
    o.paretoFront = true;
    return o;
}

bool sameOptions(const SearchOptions& a, const SearchOptions& b)
{
    return a.method == b.method && a.objective == b.objective && a.seed == b.seed &&
           a.genetic.population == b.genetic.population &&
           a.genetic.generations == b.genetic.generations && a.genetic.elite == b.genetic.elite &&
           a.genetic.patience == b.genetic.patience &&
           a.genetic.layerAlignedPlans == b.genetic.layerAlignedPlans &&
           a.genetic.seedBaselines == b.genetic.seedBaselines && a.threads == b.threads &&
           a.paretoFront == b.paretoFront;
}

} // namespace

class TestSearchOptionsJson : public QObject
{
    Q_OBJECT

private slots:
    void everyFieldRoundTrips()
    {
        const SearchOptions original = nonDefault();
        SearchOptions read;
        DiagnosticList diagnostics;
        QVERIFY(readSearchOptionsJson(searchOptionsToJson(original, SearchOptionsScope::All), read,
                                      diagnostics, {}));
        QVERIFY(sameOptions(read, original));
    }

    void planInputsLeaveOutWhatDoesNotChangeThePlan()
    {
        const QJsonObject ga = searchOptionsToJson(nonDefault());
        QVERIFY(!ga.contains("threads") && !ga.contains("pareto_front"));
        QCOMPARE(ga["ga"].toObject()["init"].toString(), QString("uniform"));
        SearchOptions greedy;
        greedy.method = SearchMethod::Greedy;
        // The genetic parameters and seed do not apply to greedy: left out, so two greedy runs
        // with different --seed record the same options.
        QCOMPARE(searchOptionsToJson(greedy),
                 (QJsonObject{{"method", "greedy"}, {"objective", "latency"}}));
    }

    void aSeedAbove2To53IsWrittenAsText()
    {
        SearchOptions o;
        o.seed = 18446744073709551615ull;
        const QJsonObject json = searchOptionsToJson(o);
        QCOMPARE(json["seed"].toString(), QString("18446744073709551615"));
        SearchOptions read;
        DiagnosticList diagnostics;
        QVERIFY(readSearchOptionsJson(json, read, diagnostics, {}));
        QCOMPARE(read.seed, o.seed);
    }

    void errorsNameTheField_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown top-level") << QByteArray(R"({"metod": "ga"})") << "spec.metod"
                                           << "unknown field";
        QTest::newRow("unknown ga field")
            << QByteArray(R"({"ga": {"elitism": 3}})") << "spec.ga.elitism"
            << "unknown field (population, generations";
        QTest::newRow("range") << QByteArray(R"({"ga": {"population": 1}})") << "spec.ga.population"
                               << "from 2 to 100000";
        QTest::newRow("type") << QByteArray(R"({"ga": {"patience": "5"}})") << "spec.ga.patience"
                              << "whole number";
        QTest::newRow("init") << QByteArray(R"({"ga": {"init": "random"}})") << "spec.ga.init"
                              << "layer or uniform";
        QTest::newRow("seed_baselines")
            << QByteArray(R"({"ga": {"seed_baselines": 1}})") << "spec.ga.seed_baselines"
            << "must be true or false";
        QTest::newRow("method") << QByteArray(R"({"method": "annealing"})") << "spec.method"
                                << "unknown method 'annealing'";
        QTest::newRow("elite vs population")
            << QByteArray(R"({"ga": {"population": 10, "elite": 10}})") << "spec.ga.elite"
            << "smaller than ga.population";
    }

    void errorsNameTheField()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, path);
        QFETCH(QString, message);
        SearchOptions options;
        DiagnosticList diagnostics;
        QVERIFY(!readSearchOptionsJson(QJsonDocument::fromJson(json).object(), options, diagnostics,
                                       {"sweep.json", {}, "spec", -1}));
        const Diagnostic& d = diagnostics.all().front();
        QCOMPARE(QString::fromStdString(d.location.path), path);
        QCOMPARE(d.location.file, std::string("sweep.json"));
        QVERIFY2(QString::fromStdString(d.message).contains(message), d.message.c_str());
    }

    void commandLineTextUsesTheSameChecks()
    {
        SearchOptions options;
        DiagnosticList diagnostics;
        QVERIFY(setSearchOptionFromText(options, "ga.init", "uniform", diagnostics, {}));
        QVERIFY(!options.genetic.layerAlignedPlans);
        QVERIFY(setSearchOptionFromText(options, "seed", "18446744073709551615", diagnostics, {}));
        QVERIFY(!setSearchOptionFromText(options, "ga.population", "12x", diagnostics, {}));
        QVERIFY(!setSearchOptionFromText(options, "seed", "-1", diagnostics, {}));
        QCOMPARE(diagnostics.errorCount(), std::size_t(2));
    }

    void everyFieldHasAFlagOrSaysWhyNot()
    {
        for (const SearchOptionField& f : searchOptionFields()) {
            QVERIFY(!f.description.empty());
            QVERIFY(findSearchOptionField(f.path) == &f);
            if (f.flag.empty())
                QCOMPARE(f.path, std::string_view("pareto_front")); // optimize's --pareto switch
        }
    }
};

QTEST_GUILESS_MAIN(TestSearchOptionsJson)
#include "tst_search_options_json.moc"
