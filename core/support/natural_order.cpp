// SPDX-License-Identifier: MIT
#include "natural_order.h"

#include <cctype>
#include <cstddef>

namespace compass {

namespace {

bool isDigit(char c)
{
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

char folded(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

/// -1, 0 or 1 as the digit runs starting at a[i] and b[j] compare by value; advances both.
int compareNumbers(std::string_view a, std::size_t& i, std::string_view b, std::size_t& j)
{
    while (i < a.size() && a[i] == '0')
        ++i;
    while (j < b.size() && b[j] == '0')
        ++j;
    const std::size_t startA = i;
    const std::size_t startB = j;
    while (i < a.size() && isDigit(a[i]))
        ++i;
    while (j < b.size() && isDigit(b[j]))
        ++j;
    const std::string_view digitsA = a.substr(startA, i - startA);
    const std::string_view digitsB = b.substr(startB, j - startB);
    if (digitsA.size() != digitsB.size())
        return digitsA.size() < digitsB.size() ? -1 : 1;
    const int order = digitsA.compare(digitsB);
    return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

} // namespace

bool naturalLess(std::string_view a, std::string_view b)
{
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        if (isDigit(a[i]) && isDigit(b[j])) {
            if (const int order = compareNumbers(a, i, b, j); order != 0)
                return order < 0;
            continue;
        }
        const char x = folded(a[i]);
        const char y = folded(b[j]);
        if (x != y)
            return x < y;
        ++i;
        ++j;
    }
    if ((i < a.size()) != (j < b.size()))
        return j < b.size(); // the shorter name first
    return a < b;            // equal as read ("a01" and "a1", "A" and "a"): a total order
}

} // namespace compass
