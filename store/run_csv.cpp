// SPDX-License-Identifier: MIT
#include "store/run_csv.h"

#include <QLocale>
#include <QStringList>

#include <cmath>

namespace compass {

namespace {

QString csvField(const QString& value)
{
    if (!value.contains(',') && !value.contains('"') && !value.contains('\n') &&
        !value.contains('\r'))
        return value;
    return '"' + QString(value).replace("\"", "\"\"") + '"';
}

QString csvNumber(std::optional<double> value)
{
    return value && !std::isnan(*value)
               ? QString::number(*value, 'g', QLocale::FloatingPointShortest)
               : QString();
}

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

} // namespace

QString runsCsv(const std::vector<RunRecord>& runs)
{
    static const char* kMetricColumns[] = {
        metric::kLatencyPerBatchNs,    metric::kThroughputIps,
        metric::kEnergyPerInferencePj, metric::kEdpPjS,
        metric::kDramWeightBytes,      metric::kDramActivationBytes,
        metric::kWrittenBits,          metric::kCoreUtilization};
    QStringList header{"id",   "uuid",      "created_at", "label",  "model",     "model_sha256",
                       "arch", "arch_hash", "batch",      "method", "objective", "engine",
                       "seed", "status",    "partitions", "cuts"};
    for (const char* m : kMetricColumns)
        header << m;
    header << "runtime_ms"
           << "tags"
           << "notes";
    QString text = header.join(',') + '\n';
    for (const RunRecord& r : runs) {
        QStringList cuts;
        for (std::int64_t c : r.cuts)
            cuts << QString::number(c);
        QStringList tags;
        for (const std::string& t : r.tags)
            tags << qs(t);
        QStringList row{QString::number(r.id.value),
                        qs(r.uuid),
                        r.createdAt.toUTC().toString(Qt::ISODateWithMs),
                        qs(r.label),
                        qs(r.modelName),
                        qs(r.modelSha256),
                        qs(r.archName),
                        qs(r.archHash),
                        QString::number(r.batch),
                        planMethodName(r.method),
                        qs(objectiveText(r.objective)),
                        runEngineName(r.engine),
                        QString::number(r.seed),
                        runStatusName(r.status),
                        QString::number(r.cuts.size() + 1),
                        cuts.join(' ')};
        for (const char* m : kMetricColumns)
            row << csvNumber(r.metricValue(m));
        row << QString::number(r.runtimeMs, 'g', QLocale::FloatingPointShortest) << tags.join(' ')
            << qs(r.notes);
        for (QString& field : row)
            field = csvField(field);
        text += row.join(',') + '\n';
    }
    return text;
}

} // namespace compass
