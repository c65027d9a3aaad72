// Draws a workflow definition as an SVG graph: steps top to bottom, a branch's cases and a parallel step's branches
// side by side, joined again below them. Per-step statistics, when given, are written under each step.

import { s } from './dom.js';
import { percent, durationMs } from './format.js';

const NODE_W = 176;
const NODE_H = 50;
const GAP_Y = 30;
const GAP_X = 26;
const FAN = 46;
const JOIN_H = 14;
const EMPTY_W = 110;
const MARGIN = 20;
const TERMINAL = 9;

function layoutSeq(steps) {
  const items = (steps ?? []).map(layoutStep);
  if (items.length === 0) {
    return { kind: 'seq', items, w: EMPTY_W, h: 0 };
  }
  return {
    kind: 'seq',
    items,
    w: Math.max(...items.map((i) => i.w)),
    h: items.reduce((sum, i) => sum + i.h, 0) + GAP_Y * (items.length - 1),
  };
}

function columnsOf(step) {
  if (step.kind === 'branch') {
    const cases = (step.cases ?? []).map((c) => ({ label: `when ${c.when}`, seq: layoutSeq(c.steps) }));
    return [...cases, { label: step.else ? 'else' : 'otherwise: skip', seq: layoutSeq(step.else) }];
  }
  return (step.branches ?? []).map((b, i) => ({ label: `branch ${i + 1}`, seq: layoutSeq(b) }));
}

function layoutStep(step) {
  if (step.kind !== 'branch' && step.kind !== 'parallel') {
    return { kind: 'node', step, w: NODE_W, h: NODE_H };
  }
  const columns = columnsOf(step);
  const widths = columns.map((c) => Math.max(c.seq.w, EMPTY_W));
  const colsW = widths.reduce((a, b) => a + b, 0) + GAP_X * (columns.length - 1);
  const colsH = Math.max(0, ...columns.map((c) => c.seq.h));
  return { kind: 'fork', step, columns, widths, colsW, colsH, w: Math.max(NODE_W, colsW), h: NODE_H + FAN + colsH + FAN + JOIN_H };
}

function shorten(text, max) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function node(group, step, cx, y, stats) {
  const stat = stats?.get(step.id);
  const rate = stat && stat.attempts > 0 ? (stat.successRate >= 0.95 ? 'rate-ok' : stat.successRate < 0.8 ? 'rate-bad' : '') : '';
  const lines = [`${step.id} (${step.kind})`];
  if (stat) {
    lines.push(`${stat.attempts} attempt(s), ${stat.succeeded} succeeded, ${stat.failed} failed; success ${percent(stat.successRate)}; median ${durationMs(stat.medianMs)}`);
  }
  group.append(s('g', { class: `node kind-${step.kind} ${rate}`.trim(), 'data-step': step.id },
    s('title', { text: lines.join('\n') }),
    s('rect', { x: cx - NODE_W / 2, y, width: NODE_W, height: NODE_H, rx: 7 }),
    s('text', { class: 'node-id', x: cx, y: y + 18, 'text-anchor': 'middle', text: shorten(step.id, 22) }),
    s('text', { class: 'node-kind', x: cx, y: y + 31, 'text-anchor': 'middle', text: step.kind }),
    stat ? s('text', { class: 'node-stat', x: cx, y: y + 44, 'text-anchor': 'middle', text: `${percent(stat.successRate)} ok · ${durationMs(stat.medianMs)}` }) : null));
}

function edge(group, d) {
  group.append(s('path', { class: 'edge', d, 'marker-end': 'url(#graph-arrow)' }));
}

function line(group, d) {
  group.append(s('path', { class: 'edge', d }));
}

function drawSeq(group, seq, cx, y, stats) {
  let top = y;
  seq.items.forEach((item, index) => {
    if (index > 0) {
      edge(group, `M${cx},${top - GAP_Y} V${top}`);
    }
    drawItem(group, item, cx, top, stats);
    top += item.h + GAP_Y;
  });
}

function drawItem(group, item, cx, y, stats) {
  if (item.kind === 'node') {
    node(group, item.step, cx, y, stats);
    return;
  }
  node(group, item.step, cx, y, stats);
  const colsTop = y + NODE_H + FAN;
  const joinY = colsTop + item.colsH + FAN;
  let left = cx - item.colsW / 2;
  item.columns.forEach((column, index) => {
    const width = item.widths[index];
    const colCx = left + width / 2;
    edge(group, `M${cx},${y + NODE_H} V${y + NODE_H + 12} H${colCx} V${colsTop}`);
    group.append(s('g', {}, s('title', { text: column.label }),
      s('text', { class: 'edge-label', x: colCx, y: y + NODE_H + 28, 'text-anchor': 'middle', text: shorten(column.label, Math.max(12, Math.floor(width / 7))) })));
    drawSeq(group, column.seq, colCx, colsTop, stats);
    const bottom = colsTop + column.seq.h;
    (column.seq.items.length ? edge : line)(group, `M${colCx},${bottom} V${joinY - 12} H${cx} V${joinY}`);
    left += width + GAP_X;
  });
  group.append(s('g', { class: 'node kind-join' },
    s('title', { text: item.step.kind === 'parallel' ? `${item.step.id}: waits for every branch` : `${item.step.id}: the chosen case ends here` }),
    s('rect', { x: cx - NODE_W / 2, y: joinY, width: NODE_W, height: JOIN_H, rx: 4 }),
    s('text', { class: 'node-kind', x: cx, y: joinY + 11, 'text-anchor': 'middle', text: item.step.kind === 'parallel' ? 'join' : 'end of branch' })));
}

/** The graph of a definition's steps; `stats` maps a step id to its statistics (or is null). */
export function workflowGraph(definition, stats, title) {
  const seq = layoutSeq(definition?.steps ?? []);
  const width = Math.max(seq.w, NODE_W) + MARGIN * 2;
  const height = seq.h + MARGIN * 2 + (TERMINAL * 2 + GAP_Y) * 2;
  const cx = width / 2;
  const group = s('g', {});
  group.append(s('circle', { class: 'terminal', cx, cy: MARGIN + TERMINAL, r: TERMINAL }, s('title', { text: 'a lead is accepted' })));
  const top = MARGIN + TERMINAL * 2 + GAP_Y;
  edge(group, `M${cx},${MARGIN + TERMINAL * 2} V${top}`);
  drawSeq(group, seq, cx, top, stats);
  const end = top + seq.h + GAP_Y;
  edge(group, `M${cx},${top + seq.h} V${end}`);
  group.append(s('circle', { class: 'terminal', cx, cy: end + TERMINAL, r: TERMINAL }, s('title', { text: 'the lead is completed' })));
  return s('svg', {
    class: 'graph', role: 'img', 'aria-label': title, viewBox: `0 0 ${width} ${height}`, width, height,
  },
  s('defs', {}, s('marker', { id: 'graph-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { class: 'arrow-head', d: 'M0,0 L10,5 L0,10 z' }))),
  group);
}

/** Every step of a definition, nested ones included, in reading order. */
export function allSteps(steps) {
  return (steps ?? []).flatMap((step) => [
    step,
    ...(step.kind === 'branch' ? [...(step.cases ?? []).flatMap((c) => allSteps(c.steps)), ...allSteps(step.else)] : []),
    ...(step.kind === 'parallel' ? (step.branches ?? []).flatMap((b) => allSteps(b)) : []),
  ]);
}
