// Workflows: each workflow's versions, a version's definition drawn as a graph, and per-step success rate and
// median duration over the last day.

import { h, fill, table, notice } from '../dom.js';
import * as api from '../api.js';
import { time, percent, durationMs, json } from '../format.js';
import { problem } from './common.js';
import { workflowGraph, allSteps } from '../graph.js';

export async function render(main, where) {
  document.title = 'Workflows · OrleansFlows console';
  const workflows = (await api.get('/v1/workflows')).items ?? [];
  const selected = where.parts[0] ?? workflows[0]?.name;
  const side = h('nav', { 'aria-label': 'Workflows' },
    h('ul', { class: 'side-list' }, workflows.map((w) =>
      h('li', {}, h('a', { href: `#/workflows/${encodeURIComponent(w.name)}`, 'aria-current': w.name === selected ? 'page' : null }, `${w.name} (v${w.latestVersion})`)))));
  const detail = h('div', {});
  fill(main, h('h1', {}, 'Workflows'), workflows.length
    ? h('div', { class: 'columns' }, side, detail)
    : notice('info', 'No workflows yet. Publish one with PUT /v1/workflows/{name} (docs/workflows.md).'));
  if (!selected) {
    return null;
  }
  const workflow = workflows.find((w) => w.name === selected);
  if (!workflow) {
    fill(detail, notice('error', `Workflow '${selected}' does not exist.`));
    return null;
  }
  const version = Number(where.parts[1] ?? workflow.latestVersion);
  const [definition, stats] = await Promise.allSettled([
    api.get(`/v1/workflows/${api.seg(workflow.name)}/versions/${version}`),
    api.get(api.path(`/v1/workflows/${api.seg(workflow.name)}/stats`, { hours: 24 })),
  ]);
  const statsByStep = stats.status === 'fulfilled' ? new Map((stats.value.steps ?? []).map((step) => [step.step, step])) : null;
  fill(detail,
    h('h2', {}, workflow.name),
    table('Versions', ['Version', 'Published', 'Definition hash'], [...workflow.versions].reverse().map((v) => [
      h('a', { href: `#/workflows/${encodeURIComponent(workflow.name)}/${v.version}`, 'aria-current': v.version === version ? 'page' : null }, `v${v.version}`),
      time(v.publishedAt),
      h('span', { class: 'mono' }, v.definitionHash.slice(0, 16))])),
    h('h2', { id: 'graph-title' }, `Version ${version}: steps`),
    definition.status === 'fulfilled'
      ? [
        workflowGraph(definition.value.definition, statsByStep, `The steps of ${workflow.name} version ${version}`),
        h('details', {}, h('summary', {}, 'Definition (JSON)'), h('pre', { class: 'json' }, json(definition.value.definition))),
      ]
      : problem(definition.reason, 'The definition could not be read'),
    h('h2', {}, 'Steps over the last 24 hours'),
    stats.status === 'fulfilled'
      ? statsTable(stats.value, definition.status === 'fulfilled' ? allSteps(definition.value.definition?.steps) : [])
      : problem(stats.reason, 'Step statistics'));
  return null;
}

function statsTable(stats, steps) {
  const byStep = new Map((stats.steps ?? []).map((step) => [step.step, step]));
  const ids = [...new Set([...steps.map((step) => step.id), ...byStep.keys()])];
  return table(`From ${time(stats.from)} to ${time(stats.to)}, all versions`, ['Step', 'Kind', 'Attempts', 'Succeeded', 'Failed', 'Success rate', 'Median duration'],
    ids.map((id) => {
      const row = byStep.get(id);
      const kind = row?.kind ?? steps.find((step) => step.id === id)?.kind ?? '';
      return [h('span', { class: 'mono' }, id), kind, String(row?.attempts ?? 0), String(row?.succeeded ?? 0), String(row?.failed ?? 0), percent(row?.successRate), durationMs(row?.medianMs)];
    }));
}
