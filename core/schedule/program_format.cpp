// SPDX-License-Identifier: MIT
#include "program_format.h"

#include <QJsonArray>
#include <QStringList>
#include <QTextStream>

namespace compass {

namespace {

QString nameAt(const std::vector<std::string>& names, std::int32_t i)
{
    if (i < 0 || static_cast<std::size_t>(i) >= names.size())
        return QString::number(i);
    return QString::fromStdString(names[static_cast<std::size_t>(i)]);
}

QString bytesText(double b)
{
    return QString::number(b, 'f', b == static_cast<double>(static_cast<std::int64_t>(b)) ? 0 : 1);
}

QString operands(const Program& p, const Instruction& i)
{
    QStringList o;
    if (i.input >= 0)
        o << QString("in=%1").arg(i.input);
    if (i.layer >= 0)
        o << "layer=" + nameAt(p.layerNames, i.layer);
    switch (i.opcode) {
    case Opcode::LoadWeight:
        o << QString("unit=%1").arg(i.unit) << "bytes=" + bytesText(i.bytes);
        break;
    case Opcode::WriteWeight:
        if (i.node >= 0) {
            o << "operand_of=" + nameAt(p.nodeNames, i.node)
              << QString("piece=%1 rows=%2 bits=%3").arg(i.unit).arg(i.count).arg(i.events);
            break;
        }
        o << QString("unit=%1 copy=%2 rows=%3 bits=%4")
                 .arg(i.unit)
                 .arg(i.copy)
                 .arg(i.count)
                 .arg(i.events);
        break;
    case Opcode::LoadData:
    case Opcode::StoreData:
        o << QString("kind=") + dataKindName(i.dataKind);
        if (i.tensor >= 0)
            o << "tensor=" + nameAt(p.tensorNames, i.tensor);
        if (i.dataKind == DataKind::PartialSum)
            o << QString("psum_of_unit=%1").arg(i.unit);
        if (i.buffer >= 0)
            o << QString("buffer=%1").arg(i.buffer);
        o << "bytes=" + bytesText(i.bytes);
        break;
    case Opcode::Mvmul:
        if (i.node >= 0)
            o << "operand_of=" + nameAt(p.nodeNames, i.node) << QString("piece=%1").arg(i.unit);
        o << QString("steps=%1 activations=%2 conversions=%3 local_bytes=%4")
                 .arg(i.steps)
                 .arg(i.count)
                 .arg(i.events)
                 .arg(bytesText(i.localBytes));
        break;
    case Opcode::VfuAccumulate:
        o << "bytes=" + bytesText(i.bytes);
        break;
    case Opcode::VfuOp:
        o << "node=" + nameAt(p.nodeNames, i.node) << QString("kind=") + vfuKindName(i.vfuKind)
          << "bytes=" + bytesText(i.bytes);
        break;
    case Opcode::Send:
    case Opcode::Recv:
        if (i.tensor >= 0)
            o << "tensor=" + nameAt(p.tensorNames, i.tensor);
        else
            o << "partial_sums";
        if (i.peer >= 0)
            o << QString(i.opcode == Opcode::Send ? "to=%1" : "from=%1").arg(i.peer);
        else if (i.opcode == Opcode::Send)
            o << "to=consumers";
        o << "bytes=" + bytesText(i.bytes);
        break;
    case Opcode::Sync:
        break;
    }
    return o.join(' ');
}

QString depsText(const Instruction& i)
{
    QStringList d;
    constexpr std::size_t kShown = 8;
    for (std::size_t k = 0; k < i.deps.size() && k < kShown; ++k)
        d << QString("%%1").arg(i.deps[k]);
    if (i.deps.size() > kShown)
        d << QString("... (%1 in all)").arg(i.deps.size());
    return "deps=[" + d.join(',') + "]";
}

} // namespace

QString programToText(const Program& p)
{
    QString text;
    QTextStream o(&text);
    o << "; COMPASS program: " << QString::fromStdString(p.model) << " on "
      << QString::fromStdString(p.arch) << ", batch " << p.batchSize << ", " << p.cores
      << " cores, " << p.partitions.size() << " partitions, " << p.instructions.size()
      << " instructions\n";
    o << "; %id OPCODE operands deps=[...]; bytes per instruction; Mvmul aggregates the "
         "crossbar activations of one layer on one core for one input\n";
    for (std::size_t pi = 0; pi < p.partitions.size(); ++pi) {
        const ProgramPartition& part = p.partitions[pi];
        QStringList reps;
        for (const LayerReplication& r : part.replication)
            reps << nameAt(p.layerNames, r.layerIndex) +
                        (r.factor > 1 ? QString(" x%1").arg(r.factor) : QString());
        o << "\npartition " << pi << " units [" << part.span.begin << ", " << part.span.end
          << ") cores " << part.coresUsed << " layers " << reps.join(", ") << '\n';
        for (const LocalBuffer& b : p.buffers) {
            if (b.partition != static_cast<std::int32_t>(pi))
                continue;
            o << "  buffer core=" << b.core << ' ' << QString::fromStdString(b.purpose);
            if (b.layer >= 0)
                o << " layer=" << nameAt(p.layerNames, b.layer);
            o << " bytes=" << QString::number(b.bytes, 'f', 0)
              << (b.spilled ? QString(" SPILLED per_input=%1").arg(bytesText(b.bytesPerInput))
                            : QString(" offset=%1").arg(b.offset))
              << '\n';
        }
        for (std::int32_t core = 0; core < p.cores; ++core) {
            bool header = false;
            for (std::int32_t k = part.firstInstruction; k < part.endInstruction; ++k) {
                const Instruction& i = p.instructions[static_cast<std::size_t>(k)];
                if (i.core != core)
                    continue;
                if (!header) {
                    o << " core " << core << ":\n";
                    header = true;
                }
                o << "  %" << k << ' ' << opcodeMnemonic(i.opcode);
                const QString ops = operands(p, i);
                if (!ops.isEmpty())
                    o << ' ' << ops;
                o << ' ' << depsText(i) << '\n';
            }
        }
    }
    o.flush();
    return text;
}

QJsonObject programToJson(const Program& p)
{
    QJsonObject root;
    root["format"] = "compass-program";
    root["version"] = 1;
    root["model"] = QString::fromStdString(p.model);
    root["arch"] = QString::fromStdString(p.arch);
    root["batch"] = static_cast<qint64>(p.batchSize);
    root["cores"] = p.cores;
    root["local_memory_bytes"] = static_cast<qint64>(p.localMemoryBytes);
    QJsonArray layers;
    for (const std::string& n : p.layerNames)
        layers.append(QString::fromStdString(n));
    root["layers"] = layers;
    QJsonArray parts;
    for (const ProgramPartition& part : p.partitions) {
        QJsonObject rep;
        for (const LayerReplication& r : part.replication)
            rep[nameAt(p.layerNames, r.layerIndex)] = r.factor;
        parts.append(QJsonObject{{"first_unit", part.span.begin},
                                 {"end_unit", part.span.end},
                                 {"cores_used", part.coresUsed},
                                 {"replication", rep},
                                 {"first_instruction", part.firstInstruction},
                                 {"end_instruction", part.endInstruction}});
    }
    root["partitions"] = parts;
    QJsonArray buffers;
    for (const LocalBuffer& b : p.buffers) {
        buffers.append(QJsonObject{{"core", b.core},
                                   {"partition", b.partition},
                                   {"layer", b.layer},
                                   {"purpose", QString::fromStdString(b.purpose)},
                                   {"bytes", b.bytes},
                                   {"bytes_per_input", b.bytesPerInput},
                                   {"offset", static_cast<qint64>(b.offset)},
                                   {"spilled", b.spilled}});
    }
    root["buffers"] = buffers;
    QJsonArray instructions;
    for (std::size_t k = 0; k < p.instructions.size(); ++k) {
        const Instruction& i = p.instructions[k];
        QJsonObject o{{"id", static_cast<qint64>(k)},
                      {"op", opcodeName(i.opcode)},
                      {"core", i.core},
                      {"partition", i.partition}};
        if (i.input >= 0)
            o["input"] = i.input;
        if (i.layer >= 0)
            o["layer"] = nameAt(p.layerNames, i.layer);
        if (i.unit >= 0)
            o["unit"] = i.unit;
        if (i.opcode == Opcode::WriteWeight)
            o["copy"] = i.copy;
        if (i.tensor >= 0)
            o["tensor"] = nameAt(p.tensorNames, i.tensor);
        if (i.node >= 0)
            o["node"] = nameAt(p.nodeNames, i.node);
        if (i.peer >= 0)
            o["peer"] = i.peer;
        if (i.buffer >= 0)
            o["buffer"] = i.buffer;
        if (i.opcode == Opcode::VfuOp)
            o["vfu_kind"] = vfuKindName(i.vfuKind);
        if (i.opcode == Opcode::LoadData || i.opcode == Opcode::StoreData ||
            i.opcode == Opcode::Send)
            o["data_kind"] = dataKindName(i.dataKind);
        if (i.bytes != 0.0)
            o["bytes"] = i.bytes;
        if (i.localBytes != 0.0)
            o["local_bytes"] = i.localBytes;
        if (i.count != 0)
            o["count"] = static_cast<qint64>(i.count);
        if (i.events != 0)
            o["events"] = static_cast<qint64>(i.events);
        if (i.steps != 0)
            o["steps"] = static_cast<qint64>(i.steps);
        QJsonArray deps;
        for (std::int32_t d : i.deps)
            deps.append(d);
        o["deps"] = deps;
        instructions.append(o);
    }
    root["instructions"] = instructions;
    return root;
}

QString programSummary(const Program& p)
{
    QString text;
    QTextStream o(&text);
    auto header = [&](const QString& first) {
        o << first.leftJustified(12);
        for (std::size_t k = 0; k < kOpcodeCount; ++k)
            o << QString(opcodeMnemonic(static_cast<Opcode>(k))).rightJustified(13);
        o << QString("total").rightJustified(10) << '\n';
    };
    auto row = [&](const QString& first, const OpcodeCounts& c) {
        o << first.leftJustified(12);
        std::int64_t total = 0;
        for (std::int64_t n : c) {
            o << QString::number(n).rightJustified(13);
            total += n;
        }
        o << QString::number(total).rightJustified(10) << '\n';
    };
    o << "Program: " << QString::fromStdString(p.model) << " on " << QString::fromStdString(p.arch)
      << ", batch " << p.batchSize << ", " << p.partitions.size() << " partitions, "
      << p.instructions.size() << " instructions\n\nPer core\n";
    header("core");
    for (std::int32_t c = 0; c < p.cores; ++c)
        row(QString::number(c), p.countsOfCore(c));
    o << "\nPer partition\n";
    header("partition");
    for (std::size_t k = 0; k < p.partitions.size(); ++k)
        row(QString::number(k), p.countsOfPartition(static_cast<std::int32_t>(k)));
    row("all", p.totalCounts());
    std::int64_t spilled = 0;
    for (const LocalBuffer& b : p.buffers)
        spilled += b.spilled ? 1 : 0;
    o << "\nLocal buffers: " << p.buffers.size() << ", spilled to DRAM: " << spilled << '\n';
    o.flush();
    return text;
}

} // namespace compass
