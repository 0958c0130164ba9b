// SPDX-License-Identifier: MIT
#include "trace_writer.h"

#include "sim/event/event_simulator.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

namespace compass {

namespace {

constexpr int kDramTid = 1;
constexpr int kBusTid = 2;

int tidOf(const Instruction& i)
{
    const int base = 100 * (i.core + 1);
    switch (i.opcode) {
    case Opcode::LoadWeight:
    case Opcode::LoadData:
    case Opcode::StoreData:
        return kDramTid;
    case Opcode::Send:
        return kBusTid;
    case Opcode::Mvmul:
        return base;
    case Opcode::VfuAccumulate:
    case Opcode::VfuOp:
        return base + 1;
    case Opcode::WriteWeight:
        return base + 2;
    case Opcode::Recv:
    case Opcode::Sync:
        return -1;
    }
    return -1;
}

void appendNumber(QByteArray& out, double v)
{
    out += QByteArray::number(v, 'f', 4);
}

QByteArray quoted(const QString& s)
{
    // A JSON string literal (escapes quotes and control characters).
    const QByteArray doc = QJsonDocument(QJsonObject{{"n", s}}).toJson(QJsonDocument::Compact);
    return doc.mid(5, doc.size() - 6);
}

void appendThreadName(QByteArray& out, int tid, const QString& name, int sortIndex)
{
    out += "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":" + QByteArray::number(tid) +
           ",\"args\":{\"name\":" + quoted(name) + "}},\n";
    out += "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":1,\"tid\":" +
           QByteArray::number(tid) + ",\"args\":{\"sort_index\":" + QByteArray::number(sortIndex) +
           "}},\n";
}

} // namespace

QByteArray chromeTraceJson(const Program& program, const EventSimResult& result)
{
    QByteArray out;
    out.reserve(static_cast<qsizetype>(program.instructions.size()) * 160 + 1024);
    out += "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n";
    out += "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":" +
           quoted(QString::fromStdString(program.model + " on " + program.arch)) + "}},\n";
    appendThreadName(out, kDramTid, "DRAM", 0);
    appendThreadName(out, kBusTid, "bus", 1);
    for (int c = 0; c < program.cores; ++c) {
        const int base = 100 * (c + 1);
        appendThreadName(out, base, QString("core %1 crossbars").arg(c), base);
        appendThreadName(out, base + 1, QString("core %1 VFU").arg(c), base + 1);
        appendThreadName(out, base + 2, QString("core %1 write").arg(c), base + 2);
    }
    const std::size_t n = std::min(program.instructions.size(), result.timings.size());
    for (std::size_t k = 0; k < n; ++k) {
        const Instruction& i = program.instructions[k];
        const InstructionTiming& t = result.timings[k];
        const int tid = tidOf(i);
        if (tid < 0 || t.endNs <= t.startNs)
            continue;
        QString name = opcodeMnemonic(i.opcode);
        // An activation MatMul's operand write or MVM (attention.engine = crossbar) names it.
        const bool ofOperand =
            i.node >= 0 && (i.opcode == Opcode::Mvmul || i.opcode == Opcode::WriteWeight);
        if (ofOperand && static_cast<std::size_t>(i.node) < program.nodeNames.size())
            name +=
                ' ' + QString::fromStdString(program.nodeNames[static_cast<std::size_t>(i.node)]);
        else if (i.layer >= 0 && static_cast<std::size_t>(i.layer) < program.layerNames.size())
            name +=
                ' ' + QString::fromStdString(program.layerNames[static_cast<std::size_t>(i.layer)]);
        else if (i.tensor >= 0 && static_cast<std::size_t>(i.tensor) < program.tensorNames.size())
            name += ' ' +
                    QString::fromStdString(program.tensorNames[static_cast<std::size_t>(i.tensor)]);
        out += "{\"name\":" + quoted(name) + ",\"cat\":\"" + opcodeName(i.opcode) +
               "\",\"ph\":\"X\",\"ts\":";
        appendNumber(out, t.startNs / 1000.0);
        out += ",\"dur\":";
        appendNumber(out, (t.endNs - t.startNs) / 1000.0);
        out += ",\"pid\":1,\"tid\":" + QByteArray::number(tid) +
               ",\"args\":{\"id\":" + QByteArray::number(static_cast<qulonglong>(k)) +
               ",\"core\":" + QByteArray::number(i.core) +
               ",\"partition\":" + QByteArray::number(i.partition) +
               ",\"input\":" + QByteArray::number(i.input);
        if (i.bytes > 0.0) {
            out += ",\"bytes\":";
            appendNumber(out, i.bytes);
        }
        out += "}},\n";
    }
    // Close the array with a marker event so the last separator stays valid JSON.
    out += "{\"name\":\"end\",\"ph\":\"i\",\"s\":\"g\",\"pid\":1,\"tid\":1,\"ts\":";
    appendNumber(out, result.latencyPerBatchNs / 1000.0);
    out += "}\n]}\n";
    return out;
}

} // namespace compass
