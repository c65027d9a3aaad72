// An SVG bar chart of daily lead counts against the plan's daily limit.

import { s } from './dom.js';

const W = 760;
const H = 260;
const PAD = { left: 44, right: 16, top: 18, bottom: 40 };

/** days: [{ date, accepted, failed }], limit: the plan's daily leads (or null). */
export function dailyChart(days, limit, title) {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const top = Math.max(1, limit ?? 0, ...days.map((d) => d.accepted ?? 0));
  // Counts are whole: a scale in fours gives whole-numbered grid lines.
  const scaleMax = Math.ceil(niceCeiling(top * 1.1) / 4) * 4;
  const y = (value) => PAD.top + plotH - (value / scaleMax) * plotH;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(2, Math.min(28, slot * 0.7));
  const parts = [];
  for (let i = 0; i <= 4; i += 1) {
    const value = (scaleMax / 4) * i;
    parts.push(s('line', { class: 'grid', x1: PAD.left, x2: W - PAD.right, y1: y(value), y2: y(value) }));
    parts.push(s('text', { x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end', text: formatCount(value) }));
  }
  const labelEvery = Math.max(1, Math.ceil(days.length / 10));
  days.forEach((day, index) => {
    const x = PAD.left + slot * index + (slot - barW) / 2;
    const accepted = day.accepted ?? 0;
    const failed = Math.min(day.failed ?? 0, accepted);
    parts.push(s('g', { class: 'day', 'data-date': day.date },
      s('title', { text: `${day.date}: ${accepted} accepted, ${day.completed ?? 0} completed, ${day.failed ?? 0} failed${limit ? ` (limit ${limit})` : ''}` }),
      s('rect', { class: 'bar', x, y: y(accepted), width: barW, height: Math.max(0, y(0) - y(accepted)) }),
      failed > 0 ? s('rect', { class: 'bar-failed', x, y: y(failed), width: barW, height: Math.max(0, y(0) - y(failed)) }) : null));
    if (index % labelEvery === 0 || index === days.length - 1) {
      parts.push(s('text', { x: x + barW / 2, y: H - PAD.bottom + 16, 'text-anchor': 'middle', text: day.date.slice(5) }));
    }
  });
  parts.push(s('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0) }));
  if (limit) {
    parts.push(s('line', { class: 'limit', x1: PAD.left, x2: W - PAD.right, y1: y(limit), y2: y(limit) }));
    parts.push(s('text', { class: 'limit-label', x: W - PAD.right, y: y(limit) - 5, 'text-anchor': 'end', text: `daily limit ${limit}` }));
  }
  return s('svg', { class: 'chart', role: 'img', 'aria-label': title, viewBox: `0 0 ${W} ${H}`, width: W, height: H }, parts);
}

function niceCeiling(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

function formatCount(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
