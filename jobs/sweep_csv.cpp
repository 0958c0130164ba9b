// SPDX-License-Identifier: MIT
#include "sweep_csv.h"

#include "core/support/diagnostics.h"
#include "sweep_spec.h"

#include <QFile>
#include <QLocale>
#include <QStringList>

namespace compass::jobs {

namespace {

QString csvField(const QString& value)
{
    if (!value.contains(',') && !value.contains('"') && !value.contains('\n'))
        return value;
    return '"' + QString(value).replace("\"", "\"\"") + '"';
}

constexpr const char* kMetrics[] = {metric::kLatencyPerBatchNs,
                                    metric::kThroughputIps,
                                    metric::kEnergyPerInferencePj,
                                    metric::kEdpPjS,
                                    metric::kDramWeightBytes,
                                    metric::kDramActivationBytes,
                                    metric::kWrittenBits,
                                    metric::kCoreUtilization,
                                    "objective_value"};

} // namespace

QString sweepCsv(const Sweep& sweep, const std::vector<std::size_t>& slice,
                 const std::map<std::string, RunRecord>& runs)
{
    QStringList header{"config",    "uuid", "run_id",    "model",      "model_sha256",
                       "arch",      "set",  "arch_hash", "batch",      "method",
                       "objective", "seed", "status",    "partitions", "cuts"};
    for (const char* m : kMetrics)
        header << m;
    header << "runtime_ms";
    QString text = header.join(',') + '\n';
    for (std::size_t index : slice) {
        const SweepConfig& c = sweep.configs[index];
        const auto found = runs.find(c.uuid);
        if (found == runs.end())
            continue; // interrupted before it ran
        const RunRecord& r = found->second;
        QStringList cuts;
        for (std::int64_t cut : r.cuts)
            cuts << QString::number(cut);
        QStringList overrides;
        for (const std::string& o : sweep.arch(c).overrides)
            overrides << QString::fromStdString(o);
        QStringList row{QString::number(index),
                        QString::fromStdString(c.uuid),
                        QString::number(r.id.value),
                        QString::fromStdString(r.modelName),
                        QString::fromStdString(r.modelSha256),
                        QString::fromStdString(r.archName),
                        overrides.join(' '),
                        QString::fromStdString(r.archHash),
                        QString::number(r.batch),
                        QString::fromLatin1(planMethodName(r.method)),
                        QString::fromStdString(objectiveText(r.objective)),
                        QString::number(r.seed),
                        runStatusName(r.status),
                        QString::number(r.cuts.size() + 1),
                        cuts.join(' ')};
        for (const char* m : kMetrics) {
            const auto v = r.metricValue(m);
            row << (v ? QString::number(*v, 'g', QLocale::FloatingPointShortest) : QString());
        }
        row << QString::number(r.runtimeMs, 'f', 3);
        for (QString& field : row)
            field = csvField(field);
        text += row.join(',') + '\n';
    }
    return text;
}

bool writeSweepCsv(const QString& path, const QString& text, DiagnosticSink& diagnostics)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(text.toUtf8()) < 0) {
        diagnostics.error("cannot write the CSV: " + file.errorString().toStdString(),
                          {path.toStdString(), {}, {}, -1});
        return false;
    }
    return true;
}

} // namespace compass::jobs
