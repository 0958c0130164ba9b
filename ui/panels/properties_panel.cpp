// SPDX-License-Identifier: MIT
#include "properties_panel.h"

#include "node_properties.h"
#include "ui/document/project_document.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTextLayout>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <optional>

namespace compass::ui {

namespace {

constexpr int SectionRole = Qt::UserRole;  ///< Index into NodeProperties::sections.
constexpr int RowRole = Qt::UserRole + 1;  ///< Index into the section's rows; -1 for a section.
constexpr int KindRole = Qt::UserRole + 2; ///< PropertySection::Kind of the section.

/// Rich text, so the tooltip wraps instead of running off the screen.
QString tooltipHtml(const QString& text)
{
    if (text.isEmpty())
        return {};
    return QStringLiteral("<p style='white-space:pre-wrap'>%1</p>")
        .arg(text.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
}

/// A one-line label that elides its text in the middle when it is too wide (node names are
/// long paths whose start and end both matter); text() stays the full text.
class ElidingLabel final : public QLabel
{
public:
    using QLabel::QLabel;

    QSize minimumSizeHint() const override { return {0, QLabel::minimumSizeHint().height()}; }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        const QRect r = contentsRect();
        const QString shown = fontMetrics().elidedText(text(), Qt::ElideMiddle, r.width());
        style()->drawItemText(&painter, r, static_cast<int>(alignment()), palette(), isEnabled(),
                              shown, foregroundRole());
    }
};

/// Lays `text` out in lines of `width`, breaking at spaces, or anywhere inside a word longer
/// than a line (tensor and node names are long and have no spaces); returns the height.
qreal layoutText(QTextLayout& layout, qreal width)
{
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    qreal height = 0.0;
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(std::max<qreal>(width, 1.0));
        line.setPosition(QPointF(0.0, height));
        height += line.height();
    }
    layout.endLayout();
    return height;
}

/// Paints the rows of the tree with their text wrapped to the column (nothing is cut off);
/// sections paint as usual. A value opens in a read-only line edit on double-click, so part of
/// it can be selected and copied.
class PropertyDelegate final : public QStyledItemDelegate
{
public:
    explicit PropertyDelegate(QTreeWidget* tree)
        : QStyledItemDelegate(tree)
        , m_tree(tree)
    {}

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override
    {
        if (!index.parent().isValid()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem opt(option);
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        const QWidget* widget = opt.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        const QRect r = textRect(opt.rect);
        QTextLayout layout(text, opt.font);
        layoutText(layout, r.width());
        const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                           : (opt.state & QStyle::State_Active)
                                               ? QPalette::Normal
                                               : QPalette::Inactive;
        painter->save();
        painter->setPen(opt.palette.color(group, (opt.state & QStyle::State_Selected)
                                                     ? QPalette::HighlightedText
                                                     : QPalette::Text));
        painter->setClipRect(opt.rect);
        layout.draw(painter, r.topLeft());
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override
    {
        const QSize base = QStyledItemDelegate::sizeHint(option, index);
        if (!index.parent().isValid())
            return base;
        QStyleOptionViewItem opt(option);
        initStyleOption(&opt, index);
        int width = m_tree->columnWidth(index.column());
        if (index.column() == 0) {
            // Children sit two indentation steps in: the root decoration and their section.
            width -= m_tree->indentation() * (m_tree->rootIsDecorated() ? 2 : 1);
        }
        const QRect r = textRect(QRect(0, 0, std::max(width, 1), base.height()));
        QTextLayout layout(opt.text, opt.font);
        const int height = static_cast<int>(std::ceil(layoutText(layout, r.width())));
        return {base.width(), std::max(base.height(), height + 2 * verticalMargin())};
    }

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&,
                          const QModelIndex& index) const override
    {
        if (!index.parent().isValid() || index.column() != 1)
            return nullptr;
        auto* editor = new QLineEdit(parent);
        editor->setReadOnly(true);
        editor->setFrame(false);
        return editor;
    }

    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        if (auto* line = qobject_cast<QLineEdit*>(editor)) {
            line->setText(index.data(Qt::DisplayRole).toString());
            line->selectAll();
        }
    }

    void setModelData(QWidget*, QAbstractItemModel*, const QModelIndex&) const override
    {
        // Read-only: the editor is there to select text.
    }

private:
    int horizontalMargin() const
    {
        return m_tree->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_tree) + 1;
    }
    int verticalMargin() const
    {
        return m_tree->style()->pixelMetric(QStyle::PM_FocusFrameVMargin, nullptr, m_tree) + 1;
    }
    QRect textRect(const QRect& cell) const
    {
        return cell.adjusted(horizontalMargin(), verticalMargin(), -horizontalMargin(),
                             -verticalMargin());
    }

    QTreeWidget* m_tree;
};

} // namespace

PropertiesPanel::PropertiesPanel(ProjectDocument* document, QWidget* parent)
    : QWidget(parent)
    , m_document(document)
    , m_properties(std::make_unique<NodeProperties>())
    , m_header(new ElidingLabel(this))
    , m_copyButton(new QToolButton(this))
    , m_stack(new QStackedWidget(this))
    , m_hint(new QLabel(tr("Select a node in the graph to see its properties"), this))
    , m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("PropertiesPanel"));

    QFont bold = m_header->font();
    bold.setBold(true);
    m_header->setFont(bold);
    m_header->setTextFormat(Qt::PlainText);
    m_header->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_header->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_header->setObjectName(QStringLiteral("PropertiesHeader"));

    m_copyAction = new QAction(tr("Copy"), this);
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_copyAction->setToolTip(tr("Copy the selected rows (all rows when none is selected) as "
                                "tab-separated text"));
    connect(m_copyAction, &QAction::triggered, this, &PropertiesPanel::copy);
    m_copyAllAction = new QAction(tr("Copy All"), this);
    connect(m_copyAllAction, &QAction::triggered, this, [this] {
        if (!m_properties->isEmpty())
            QApplication::clipboard()->setText(toText());
    });
    m_copyButton->setText(tr("Copy"));
    m_copyButton->setToolTip(m_copyAction->toolTip());
    m_copyButton->setAutoRaise(true);
    connect(m_copyButton, &QToolButton::clicked, this, &PropertiesPanel::copy);

    m_hint->setAlignment(Qt::AlignCenter);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_hint->setMargin(12);
    m_hint->setObjectName(QStringLiteral("PropertiesHint"));

    m_tree->setObjectName(QStringLiteral("PropertiesTree"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Property"), tr("Value")});
    m_tree->setItemDelegate(new PropertyDelegate(m_tree));
    m_tree->setUniformRowHeights(false);
    m_tree->setWordWrap(true);
    m_tree->setIndentation(12);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_tree->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_tree->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionsMovable(false);
    m_tree->addAction(m_copyAction);
    m_tree->addAction(m_copyAllAction);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    // Wrapped rows change height with their column: lay the rows out again.
    connect(m_tree->header(), &QHeaderView::sectionResized, this, [this] {
        if (m_tree->topLevelItemCount() > 0)
            emit m_tree->itemDelegate()->sizeHintChanged(m_tree->model()->index(0, 0));
    });
    connect(m_tree, &QTreeWidget::itemCollapsed, this, [this](QTreeWidgetItem* item) {
        m_collapsedSections.insert(item->data(0, KindRole).toInt());
    });
    connect(m_tree, &QTreeWidget::itemExpanded, this, [this](QTreeWidgetItem* item) {
        m_collapsedSections.erase(item->data(0, KindRole).toInt());
    });

    m_tree->viewport()->installEventFilter(this);
    m_stack->addWidget(m_hint);
    m_stack->addWidget(m_tree);

    auto* headerRow = new QHBoxLayout;
    headerRow->setContentsMargins(2, 0, 0, 0);
    headerRow->addWidget(m_header, 1);
    headerRow->addWidget(m_copyButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(headerRow);
    layout->addWidget(m_stack, 1);

    connect(document, &ProjectDocument::modelChanged, this, [this] { showNode(-1); });
    for (auto signal : {&ProjectDocument::problemChanged, &ProjectDocument::planChanged,
                        &ProjectDocument::evaluationChanged, &ProjectDocument::archChanged,
                        &ProjectDocument::batchChanged})
        connect(document, signal, this, &PropertiesPanel::refresh);
    refresh();
}

PropertiesPanel::~PropertiesPanel()
{
    // The tree's header reports resizes while the children are torn down, after this
    // panel's members are gone: stop listening first (ASan found the use after free).
    m_tree->header()->disconnect(this);
}

void PropertiesPanel::showNode(int nodeId)
{
    const bool sameNode = nodeId == m_nodeId;
    m_nodeId = nodeId;
    if (!sameNode) {
        m_tree->clearSelection();
        m_tree->clear();
    }
    refresh();
    if (!sameNode)
        m_tree->scrollToTop();
}

int PropertiesPanel::nodeId() const
{
    return m_nodeId;
}

QString PropertiesPanel::toText() const
{
    return m_properties->toText();
}

QString PropertiesPanel::selectedText() const
{
    if (m_properties->isEmpty())
        return {};
    const QList<QTreeWidgetItem*> selected = m_tree->selectedItems();
    if (selected.isEmpty())
        return toText();
    QString text;
    for (int s = 0; s < m_tree->topLevelItemCount(); ++s) {
        QTreeWidgetItem* section = m_tree->topLevelItem(s);
        const auto& rows =
            m_properties->sections[static_cast<std::size_t>(section->data(0, SectionRole).toInt())];
        for (int r = 0; r < section->childCount(); ++r) {
            QTreeWidgetItem* item = section->child(r);
            if (!section->isSelected() && !item->isSelected())
                continue;
            const PropertyRow& row =
                rows.rows[static_cast<std::size_t>(item->data(0, RowRole).toInt())];
            text += propertyTextCell(rows.title) + QLatin1Char('\t') + propertyTextCell(row.name) +
                    QLatin1Char('\t') + propertyTextCell(row.value) + QLatin1Char('\n');
        }
    }
    return text;
}

void PropertiesPanel::copy()
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

void PropertiesPanel::refresh()
{
    if (m_nodeId >= 0 && m_document->hasModel())
        *m_properties = buildNodeProperties(*m_document, m_nodeId);
    else
        *m_properties = NodeProperties{};
    if (m_properties->isEmpty())
        m_nodeId = -1;
    rebuildTree();
    updateHeader();
}

void PropertiesPanel::rebuildTree()
{
    // The same node shown again: keep what the user selected, the current row and the scroll.
    struct Key
    {
        int kind;
        QString name;
        bool operator==(const Key&) const = default;
    };
    auto keyOf = [](const QTreeWidgetItem* item) {
        const QTreeWidgetItem* section = item->parent() ? item->parent() : item;
        return Key{section->data(0, KindRole).toInt(), item->parent() ? item->text(0) : QString()};
    };
    std::vector<Key> selected;
    for (const QTreeWidgetItem* item : m_tree->selectedItems())
        selected.push_back(keyOf(item));
    std::optional<Key> current;
    if (m_tree->currentItem())
        current = keyOf(m_tree->currentItem());
    const int scroll = m_tree->verticalScrollBar()->value();

    const QSignalBlocker blocker(m_tree);
    m_tree->clear();
    QFont bold = m_tree->font();
    bold.setBold(true);
    const QBrush sectionBackground = palette().brush(QPalette::Window);
    QTreeWidgetItem* currentItem = nullptr;
    for (std::size_t s = 0; s < m_properties->sections.size(); ++s) {
        const PropertySection& section = m_properties->sections[s];
        auto* sectionItem = new QTreeWidgetItem(m_tree, {section.title});
        const int kind = static_cast<int>(section.kind);
        sectionItem->setData(0, SectionRole, static_cast<int>(s));
        sectionItem->setData(0, RowRole, -1);
        sectionItem->setData(0, KindRole, kind);
        sectionItem->setFont(0, bold);
        sectionItem->setBackground(0, sectionBackground);
        sectionItem->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        sectionItem->setFirstColumnSpanned(true);
        if (std::find(selected.begin(), selected.end(), Key{kind, {}}) != selected.end())
            sectionItem->setSelected(true);
        if (current && *current == Key{kind, {}})
            currentItem = sectionItem;
        for (std::size_t r = 0; r < section.rows.size(); ++r) {
            const PropertyRow& row = section.rows[r];
            auto* item = new QTreeWidgetItem(sectionItem, {row.name, row.value});
            item->setData(0, SectionRole, static_cast<int>(s));
            item->setData(0, RowRole, static_cast<int>(r));
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable);
            // Full text first: a cell too narrow still tells everything on hover.
            item->setToolTip(0, tooltipHtml(row.tooltip.isEmpty()
                                                ? row.name
                                                : row.name + QLatin1Char('\n') + row.tooltip));
            item->setToolTip(1,
                             tooltipHtml(row.tooltip.isEmpty()
                                             ? row.value
                                             : row.value + QStringLiteral("\n\n") + row.tooltip));
            const Key key{kind, row.name};
            if (std::find(selected.begin(), selected.end(), key) != selected.end())
                item->setSelected(true);
            if (current && *current == key)
                currentItem = item;
        }
        sectionItem->setExpanded(!m_collapsedSections.contains(kind));
    }
    if (currentItem)
        m_tree->setCurrentItem(currentItem, 0, QItemSelectionModel::NoUpdate);
    fitPropertyColumn();
    m_tree->verticalScrollBar()->setValue(scroll);
    m_stack->setCurrentWidget(m_properties->isEmpty() ? static_cast<QWidget*>(m_hint) : m_tree);
    m_copyAction->setEnabled(!m_properties->isEmpty());
    m_copyAllAction->setEnabled(!m_properties->isEmpty());
}

void PropertiesPanel::updateHeader()
{
    const bool empty = m_properties->isEmpty();
    m_header->setVisible(!empty);
    m_copyButton->setVisible(!empty);
    if (empty) {
        m_header->clear();
        m_header->setToolTip({});
        return;
    }
    const QString name = m_properties->nodeName;
    m_header->setText(name);
    m_header->setToolTip(tooltipHtml(QStringLiteral("%1\n%2").arg(name, m_properties->opType)));
}

void PropertiesPanel::fitPropertyColumn()
{
    // The Property column fits its names up to 45 % of the width; longer names wrap.
    const QFontMetrics metrics(m_tree->font());
    const int indent = m_tree->indentation() * 2;
    int widest = metrics.horizontalAdvance(m_tree->headerItem()->text(0));
    for (const PropertySection& section : m_properties->sections) {
        for (const PropertyRow& row : section.rows)
            widest = std::max(widest, indent + metrics.horizontalAdvance(row.name));
    }
    widest += 4 * (m_tree->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_tree) + 1);
    const int available = m_tree->viewport()->width();
    const int cap = std::max(80, available * 45 / 100);
    m_tree->setColumnWidth(0, std::clamp(widest, 60, cap));
}

bool PropertiesPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_tree->viewport() && event->type() == QEvent::Resize)
        fitPropertyColumn();
    return QWidget::eventFilter(watched, event);
}

void PropertiesPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange ||
        event->type() == QEvent::StyleChange)
        rebuildTree();
}

} // namespace compass::ui
