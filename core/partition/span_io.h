// SPDX-License-Identifier: MIT
#pragma once

#include "core/support/strong_id.h"

#include <cstdint>
#include <string>
#include <vector>

namespace compass {

class Graph;
class UnitTable;
struct ArchSpec;

/// One tensor crossing a partition boundary, with the bytes of one inference.
struct BoundaryTensor
{
    enum class Kind
    {
        Activation, ///< An activation tensor (or the part of it one side produces).
        PartialSum, ///< Partial sums of a column block whose row chunks a cut separates.
    };
    Kind kind = Kind::Activation;
    TensorId tensor;  ///< Invalid for partial sums.
    std::string name; ///< Tensor name, or "<layer>:psum[cb]" for partial sums.
    double bytes = 0.0;
};

/// Entry tensors (read from DRAM) and exit tensors (written to DRAM) of a span [a, b),
/// per inference. A tensor produced in one partition and used two or more partitions later
/// is written once by its producer and read directly by every later partition that uses it:
/// it stays in DRAM and is not passed through the partitions in between. Graph inputs are
/// always entries of the partitions that use them; graph outputs are exits of their producer.
struct SpanIo
{
    std::vector<BoundaryTensor> entries;
    std::vector<BoundaryTensor> exits;
    double entryBytes = 0.0;
    double exitBytes = 0.0;
    /// Activation bytes produced and consumed inside the span and sent between cores (every
    /// such tensor but those only the producing stage's own operators read: SpanIoModel::
    /// staysOnProducerCore).
    double internalBytes = 0.0;
    /// Partial sums of row chunks of one column block, both inside the span, that cross
    /// cores to be added (bytes per inference).
    double crossCorePartialSumBytes = 0.0;
};

/// Byte totals only, for the estimator's fast path.
struct SpanIoBytes
{
    double entryBytes = 0.0;
    double exitBytes = 0.0;
    double internalBytes = 0.0;
    double crossCorePartialSumBytes = 0.0;
};

/// Precomputed producer and consumer positions of every activation tensor, so the boundary
/// traffic of any span costs O(tensors). Activation bytes = elements x activation bits / 8;
/// a weight layer cut across partitions produces its output tensor in parts proportional to
/// the output columns each part completes. Immutable; thread-safe to read.
class SpanIoModel
{
public:
    /// `partialSumBits`: width of one partial sum crossing cores or cuts.
    SpanIoModel(const Graph& graph, const UnitTable& table, const ArchSpec& arch,
                std::int64_t partialSumBits);

    SpanIo spanIo(std::int32_t begin, std::int32_t end) const;
    SpanIoBytes spanBytes(std::int32_t begin, std::int32_t end) const;

    /// Bytes of one inference of a tensor (0 for constants and unknown shapes).
    double tensorBytes(TensorId tensor) const;

    /// Whether every node reading the tensor is an operator owned by the stage that produces
    /// it (a Conv's Relu, the reshapes and Softmax after Q·Kᵀ): they all run on that stage's
    /// home core, where the tensor is produced, so it never crosses the bus. An activation
    /// MatMul on crossbars reads its operands on other cores and does not count as one.
    bool staysOnProducerCore(TensorId tensor) const;

private:
    struct Interval
    {
        std::int32_t first;
        std::int32_t end;
    };
    struct TensorInfo
    {
        TensorId id;
        double bytes = 0.0;
        std::int32_t producerLayer = -1; ///< Weight layer producing it, or -1.
        std::int32_t producerUnit = -1;  ///< Anchor unit of a weight-free producer, or -1.
        bool isGraphInput = false;
        bool isGraphOutput = false;
        bool staysOnProducerCore = false;
        std::vector<Interval> consumers;
        /// Units the producer and every consumer occupy, [lo, hi): -1 for a graph input's
        /// lo, unit count + 1 for a graph output's hi.
        std::int32_t lo = 0;
        std::int32_t hi = 0;
        std::int64_t bits = 0; ///< elements x activation bits (bytes x 8, exact).
    };

    double fractionProduced(const TensorInfo& t, std::int32_t begin, std::int32_t end) const;
    bool consumedIn(const TensorInfo& t, std::int32_t begin, std::int32_t end) const;
    bool consumedAfter(const TensorInfo& t, std::int32_t end) const;
    double partialSumBytes(std::int32_t unit) const;
    template <typename Visitor> void visit(std::int32_t begin, std::int32_t end, Visitor&& v) const;
    template <typename Visitor>
    void visitTensor(const TensorInfo& t, std::int32_t begin, std::int32_t end, Visitor&& v) const;

    const Graph* m_graph;
    const UnitTable* m_table;
    std::vector<TensorInfo> m_tensors;
    std::vector<double> m_bytesByTensor;
    std::vector<char> m_localByTensor; ///< staysOnProducerCore, by tensor index.
    /// spanBytes() in O(tensors crossing its two cuts): bits of the tensors sent between cores
    /// whose whole extent ends at or before unit x (by x), and per cut x the tensors whose
    /// extent crosses it (lo < x < hi), indices into m_tensors.
    std::vector<std::int64_t> m_insideBitsPrefix;
    std::vector<std::vector<std::uint32_t>> m_crossing;
    std::vector<double> m_psumBytesByUnit; ///< Partial sums one unit's chunk hands on.
    std::vector<double> m_psumPrefix;      ///< Prefix sums of cross-core partial sums.
    std::int64_t m_partialSumBits;
};

} // namespace compass
