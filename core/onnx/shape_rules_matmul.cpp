// SPDX-License-Identifier: MIT
// Shape rules for matrix products: Gemm, MatMul and two-operand Einsum. A product is classified
// by where its operands come from, never by its op type: a weight layer when one operand
// derives from stored weights (a constant), an activation MatMul when both change with the
// input (attention's Q·Kᵀ and A·V), folded when both are constants.
#include "checked_math.h"
#include "core/ir/graph.h"
#include "inferrer.h"

#include <algorithm>
#include <map>

namespace compass::onnx_detail {

bool Inferrer::setProduct(const Product& p)
{
    const Tensor& left = in(p.left);
    const Tensor& right = in(p.right);
    if (left.isConstant && right.isConstant)
        return true; // folded
    if (p.m <= 0 || p.k <= 0 || p.n <= 0 || p.batch <= 0)
        return true; // an empty product does no work
    if (!left.isConstant && !right.isConstant) {
        ActivationMatMul am;
        am.rows = p.m;
        am.inner = p.k;
        am.cols = p.n;
        am.products = perInference(p.batch);
        am.left = m_node->inputs[p.left];
        am.right = m_node->inputs[p.right];
        std::optional<std::int64_t> macs = checkedMul(am.products, am.rows);
        if (macs)
            macs = checkedMul(*macs, am.inner);
        if (macs)
            macs = checkedMul(*macs, am.cols);
        if (!macs)
            return fail("multiply-accumulate count overflows int64");
        m_node->activationMatMul = am;
        m_node->macs = *macs;
        return true;
    }
    // One operand is the weight. With the weight on the right, each of the left operand's
    // rows is one input vector: W = [K x N] per group. With the weight on the left
    // (y = W · X), each column of X is one: the crossbar holds Wᵀ, [K x M] per group.
    const bool weightRight = right.isConstant;
    const std::int64_t groups = weightRight ? p.rightGroups : p.leftGroups;
    const std::int64_t vectorLength = weightRight ? p.m : p.n;
    if (groups <= 0 || p.batch % groups != 0)
        return fail("weight '" + (weightRight ? right.name : left.name) +
                    "' batch dimensions do not divide the product's");
    const std::optional<std::int64_t> vectors = checkedMul(p.batch / groups, vectorLength);
    if (!vectors)
        return fail("weight matrix size overflows int64");
    WeightMatrix wm;
    wm.rows = p.k;
    wm.cols = weightRight ? p.n : p.m;
    wm.groups = groups;
    wm.inChannels = p.k;
    wm.outChannels = wm.cols;
    wm.vectorsPerInference = perInference(*vectors);
    wm.weight = m_node->inputs[weightRight ? p.right : p.left];
    wm.hasBias = p.hasBias;
    return setWeights(wm);
}

bool Inferrer::inferGemm()
{
    if (!arity(2, 3))
        return false;
    const Tensor* a = nullptr;
    const Tensor* b = nullptr;
    if (!shaped(0, a, true) || !shaped(1, b))
        return false;
    if (a->dims.size() != 2 || b->dims.size() != 2)
        return fail("inputs must be matrices, got " + dimsText(a->dims) + " and " +
                    dimsText(b->dims));
    std::int64_t transA = 0;
    std::int64_t transB = 0;
    if (!readInt("transA", 0, transA) || !readInt("transB", 0, transB))
        return false;
    const std::int64_t m = transA ? a->dims[1] : a->dims[0];
    const std::int64_t k = transA ? a->dims[0] : a->dims[1];
    const std::int64_t kb = transB ? b->dims[1] : b->dims[0];
    const std::int64_t n = transB ? b->dims[0] : b->dims[1];
    if (k != kb)
        return fail("inner dimension mismatch: A '" + a->name + "' " + dimsText(a->dims) +
                    (transA ? " (transposed)" : "") + " has K = " + std::to_string(k) + ", B '" +
                    b->name + "' " + dimsText(b->dims) + (transB ? " (transposed)" : "") +
                    " has K = " + std::to_string(kb));
    if (n <= 0)
        return fail("B '" + b->name + "' has an empty shape " + dimsText(b->dims));
    const Dims outDims{m, n};
    if (hasInput(2)) {
        const Tensor* c = nullptr;
        if (!shaped(2, c))
            return false;
        Dims merged;
        if (c->dims.size() > 2 || !broadcastShapes(outDims, c->dims, merged) || merged != outDims)
            return fail("C '" + c->name + "' " + dimsText(c->dims) +
                        " does not broadcast to the output " + dimsText(outDims));
    }
    if (!setOutput(0, a->type, outDims))
        return false;
    Product p;
    p.m = m;
    p.k = k;
    p.n = n;
    p.hasBias = hasInput(2);
    return setProduct(p);
}

bool Inferrer::inferMatMul()
{
    if (!arity(2, 2))
        return false;
    const Tensor* a = nullptr;
    const Tensor* b = nullptr;
    if (!shaped(0, a) || !shaped(1, b))
        return false;
    if (a->dims.empty() || b->dims.empty())
        return fail("inputs must not be scalars, got " + dimsText(a->dims) + " and " +
                    dimsText(b->dims));
    // numpy matmul: 1-D operands get a dim added, then removed from the result.
    Dims da = a->dims;
    Dims db = b->dims;
    const bool aVector = da.size() == 1;
    const bool bVector = db.size() == 1;
    if (aVector)
        da.insert(da.begin(), 1);
    if (bVector)
        db.push_back(1);
    const std::int64_t m = da[da.size() - 2];
    const std::int64_t k = da.back();
    const std::int64_t kb = db[db.size() - 2];
    const std::int64_t n = db.back();
    if (k != kb)
        return fail("inner dimension mismatch: A '" + a->name + "' " + dimsText(a->dims) +
                    " has K = " + std::to_string(k) + ", B '" + b->name + "' " + dimsText(b->dims) +
                    " has K = " + std::to_string(kb));
    const Dims batchA(da.begin(), da.end() - 2);
    const Dims batchB(db.begin(), db.end() - 2);
    Dims batch;
    if (!broadcastShapes(batchA, batchB, batch))
        return fail("batch dimensions of " + dimsText(a->dims) + " and " + dimsText(b->dims) +
                    " do not broadcast");
    Dims outDims = batch;
    if (!aVector)
        outDims.push_back(m);
    if (!bVector)
        outDims.push_back(n);
    if (!setOutput(0, a->type, outDims))
        return false;
    // A weight B = [G..., K, N] holds G block matrices (likewise a weight A = [G..., M, K]).
    const std::optional<std::int64_t> batchCount = checkedProduct(batch);
    const std::optional<std::int64_t> groupsA = checkedProduct(batchA);
    const std::optional<std::int64_t> groupsB = checkedProduct(batchB);
    if (!batchCount || !groupsA || !groupsB)
        return fail("weight matrix size overflows int64");
    Product p;
    p.batch = *batchCount;
    p.m = m;
    p.k = k;
    p.n = n;
    p.leftGroups = *groupsA;
    p.rightGroups = *groupsB;
    return setProduct(p);
}

namespace {

/// One operand's labels after "..." is expanded; labels >= 128 stand for ellipsis dims.
using Labels = std::vector<int>;

/// Splits "bhqd,bhkd->bhqk" into operand terms and the output term (empty when implicit).
void splitEquation(const std::string& equation, std::vector<std::string>& terms,
                   std::optional<std::string>& output)
{
    std::string text;
    for (char c : equation) {
        if (c != ' ')
            text += c;
    }
    const std::size_t arrow = text.find("->");
    const std::string inputs = text.substr(0, arrow);
    if (arrow != std::string::npos)
        output = text.substr(arrow + 2);
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = inputs.find(',', start);
        terms.push_back(inputs.substr(start, comma - start));
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
}

/// Parses one term against a rank: letters, and at most one "..." standing for the dims the
/// letters do not cover. Returns false on a bad character or a rank mismatch.
bool parseTerm(const std::string& term, std::int64_t rank, std::int64_t ellipsisRank,
               Labels& labels)
{
    labels.clear();
    bool ellipsis = false;
    std::int64_t letters = 0;
    for (std::size_t i = 0; i < term.size(); ++i) {
        const char c = term[i];
        if (c == '.') {
            if (ellipsis || term.compare(i, 3, "...") != 0)
                return false;
            ellipsis = true;
            i += 2;
            labels.push_back(-1); // placeholder, expanded below
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
        labels.push_back(static_cast<unsigned char>(c));
        ++letters;
    }
    if (!ellipsis)
        return rank < 0 || letters == rank;
    const std::int64_t dotsRank = rank >= 0 ? rank - letters : ellipsisRank;
    if (dotsRank < 0)
        return false;
    Labels expanded;
    for (int l : labels) {
        if (l != -1) {
            expanded.push_back(l);
            continue;
        }
        // Ellipsis dims align from the right, as numpy broadcasting does.
        const std::int64_t skip = ellipsisRank - dotsRank;
        for (std::int64_t d = skip; d < ellipsisRank; ++d)
            expanded.push_back(128 + static_cast<int>(d));
    }
    labels = std::move(expanded);
    return true;
}

std::string labelText(int label)
{
    return label >= 128 ? "..." : std::string(1, static_cast<char>(label));
}

} // namespace

bool Inferrer::inferEinsum()
{
    std::string equation;
    if (!readString("equation", "", equation))
        return false;
    if (equation.empty())
        return fail("attribute 'equation' is required");
    std::vector<std::string> terms;
    std::optional<std::string> outputTerm;
    splitEquation(equation, terms, outputTerm);
    if (terms.size() != 2 || m_node->inputs.size() != 2)
        return fail("equation '" + equation + "' has " + std::to_string(terms.size()) +
                    " operand(s); COMPASS supports the two-operand forms (matrix products)");
    if (!arity(2, 2))
        return false;
    const Tensor* x[2] = {nullptr, nullptr};
    if (!shaped(0, x[0]) || !shaped(1, x[1]))
        return false;
    // The ellipsis covers the same number of dims in both operands after broadcasting.
    std::int64_t ellipsisRank = 0;
    for (int i = 0; i < 2; ++i) {
        std::int64_t letters = 0;
        for (char c : terms[toIndex(i)])
            letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ? 1 : 0;
        if (terms[toIndex(i)].find("...") != std::string::npos)
            ellipsisRank = std::max(ellipsisRank, rankOf(x[i]->dims) - letters);
    }
    Labels labels[2];
    std::map<int, std::int64_t> size;
    for (int i = 0; i < 2; ++i) {
        if (!parseTerm(terms[toIndex(i)], rankOf(x[i]->dims), ellipsisRank, labels[i]))
            return fail("equation '" + equation + "': term '" + terms[toIndex(i)] +
                        "' does not match input '" + x[i]->name + "' " + dimsText(x[i]->dims));
        for (std::size_t d = 0; d < labels[i].size(); ++d) {
            const int l = labels[i][d];
            const std::int64_t dim = x[i]->dims[d];
            auto [it, added] = size.emplace(l, dim);
            if (added || it->second == dim)
                continue;
            if (l >= 128 && (it->second == 1 || dim == 1)) { // broadcast ellipsis dims
                it->second = std::max(it->second, dim);
                continue;
            }
            return fail("equation '" + equation + "': label '" + labelText(l) + "' is " +
                        std::to_string(it->second) + " in one operand and " + std::to_string(dim) +
                        " in '" + x[i]->name + "'");
        }
    }
    Labels out;
    if (outputTerm) {
        if (!parseTerm(*outputTerm, -1, ellipsisRank, out))
            return fail("equation '" + equation + "': bad output term '" + *outputTerm + "'");
    } else {
        // Implicit output: the ellipsis, then the labels used once, in alphabetical order.
        for (std::int64_t d = 0; d < ellipsisRank; ++d)
            out.push_back(128 + static_cast<int>(d));
        std::map<int, int> uses;
        for (const Labels& ls : labels) {
            for (int l : ls)
                uses[l] += l < 128 ? 1 : 0;
        }
        for (const auto& [l, count] : uses) {
            if (l < 128 && count == 1)
                out.push_back(l);
        }
    }
    auto has = [](const Labels& ls, int l) {
        return std::find(ls.begin(), ls.end(), l) != ls.end();
    };
    Dims outDims;
    for (int l : out) {
        if (!size.count(l))
            return fail("equation '" + equation + "': output label '" + labelText(l) +
                        "' is in no operand");
        outDims.push_back(size[l]);
    }
    // Batch labels are in both operands and the output, contracted ones in both operands only,
    // free ones in one operand and the output.
    std::int64_t factor[4] = {1, 1, 1, 1}; // batch, m, k, n
    for (const auto& [l, dim] : size) {
        const bool inA = has(labels[0], l);
        const bool inB = has(labels[1], l);
        const bool inOut = has(out, l);
        int slot = 0;
        if (inA && inB)
            slot = inOut ? 0 : 2;
        else if (!inOut)
            return fail("equation '" + equation + "' sums label '" + labelText(l) +
                        "' of one operand only; COMPASS supports matrix products");
        else
            slot = inA ? 1 : 3;
        const std::optional<std::int64_t> f = checkedMul(factor[slot], dim);
        if (!f)
            return fail("product size overflows int64");
        factor[slot] = *f;
    }
    if (!setOutput(0, x[0]->type, outDims))
        return false;
    Product p;
    p.batch = factor[0];
    p.m = factor[1];
    p.k = factor[2];
    p.n = factor[3];
    p.leftGroups = factor[0];
    p.rightGroups = factor[0];
    return setProduct(p);
}

} // namespace compass::onnx_detail
