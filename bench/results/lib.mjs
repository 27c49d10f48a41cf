// Shared by the scripts that remake the papers' tables (bench/results/run.mjs): command-line
// options, the models and samples of a data set (datasets.mjs), one method run per sample with the registered
// metrics, means and standard deviations, Markdown tables and atomic writes.
//
// Every method and metric comes from the @xai/methods and @xai/metrics registries
// (getMethod, getMetric); nothing here computes a metric of its own.
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { forwardBatched, jsKernels, resolveTargets, sliceBatch, softmaxRows } from '@xai/core';
import { getMethod } from '@xai/methods';
import { getMetric } from '@xai/metrics';
import { writeAtomic } from '../write-report.mjs';
import { datasets, getDataset, sampleIndices } from './datasets.mjs';

export { getDataset, sampleIndices, writeAtomic };

/** `--name value` options and bare flags from argv. */
export function parseArgs(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) out[a.slice(2)] = true;
      else {
        out[a.slice(2)] = next;
        i++;
      }
    } else out._.push(a);
  }
  return out;
}

/**
 * A model of data set `dataset` (default the fixtures) with its samples, their labels,
 * predicted classes and confidences, and the input domain every method and metric gets.
 */
export async function loadFixture(name, dataset = datasets.fixtures) {
  if (!dataset.modelNames.includes(name)) {
    throw new Error(
      `Expected a model of ${dataset.name} among ${dataset.modelNames.join(', ')} but received '${name}'.`,
    );
  }
  const model = await dataset.loadModel(name, { threads: cpus().length });
  const inputs = dataset.loadInputs();
  const labels = dataset.loadLabels();
  // One batched forward pass gives the predicted classes and their confidences.
  const logits = await forwardBatched(model, inputs);
  const n = labels.length;
  const predicted = await resolveTargets(model, inputs, 'predicted', { logits });
  const probs = softmaxRows(logits.data, n, model.numClasses);
  const confidence = Float64Array.from(predicted, (c, i) => probs[i * model.numClasses + c]);
  const domain = dataset.normalization();
  return { name, dataset, domain, model, inputs, labels, predicted, confidence };
}

/** Sample i of the fixture inputs as a batch of one. */
export function sample(fixture, i) {
  return sliceBatch(fixture.inputs, i, i + 1);
}

/**
 * Runs one method on each sample (batch of one, target the predicted class) and scores the
 * map with each metric. `metrics` is a list of `{ key, name, options, explainOptions }`:
 * `name` a registered metric, `options` its options, `variantOptions(row)` the method's
 * options when the metric re-runs the method on another model (default: the same); Returns
 * `wrapVariant(variant, model)` may add capabilities to that other model. A row's
 * `mapStats(map)`, when given, is kept in the record (maps themselves are not). Returns
 * one record a sample: `{ index, target, confidence, seconds, scores: { key: number },
 * details: { key: { mean?, changed? } } }` (no map: records may come from the cache).
 */
export async function runMethod(fixture, indices, spec, metrics, { seed = 0, cache } = {}) {
  // A row's method: a registry name, or a descriptor (a composition such as the integral order).
  const method = typeof spec.method === 'string' ? getMethod(spec.method) : spec.method;
  const records = [];
  // The input domain, set once here for every method and metric (as the CLI's --preprocess).
  const domain = fixture.domain;
  const key = JSON.stringify({
    ...(fixture.dataset.name === 'fixtures' ? {} : { dataset: fixture.dataset.name }),
    model: fixture.name,
    method: methodName(spec),
    options: spec.options,
    domain,
    metrics: metrics.map((m) => [m.key, m.name, m.options, Boolean(m.variantOptions)]),
    seed,
    ...(spec.mapStats ? { mapStats: true } : {}),
  });
  for (const i of indices) {
    const cached = cache?.get(key, i);
    if (cached) {
      records.push(cached);
      continue;
    }
    const x = sample(fixture, i);
    const target = [fixture.predicted[i]];
    const common = { target, seed, kernels: jsKernels, domain };
    const t0 = performance.now();
    const map = await method.explain(fixture.model, x, { ...spec.options, ...common });
    const seconds = (performance.now() - t0) / 1000;
    if (!map.data.every(Number.isFinite)) {
      throw new Error(`${spec.label} on ${fixture.name}, sample ${i}: the map is not finite.`);
    }
    const scores = {};
    const details = {};
    for (const m of metrics) {
      const explain = (xs, variant) =>
        method.explain(
          variant && m.wrapVariant
            ? m.wrapVariant(variant, fixture.model)
            : (variant ?? fixture.model),
          xs,
          {
            ...spec.options,
            ...common,
            // A variant model may come with its own domain (a shifted input's).
            ...(variant && m.variantOptions ? m.variantOptions(spec) : {}),
            target: new Array(xs.shape[0]).fill(target[0]),
          },
        );
      const r = await getMetric(m.name).evaluate(fixture.model, x, map, {
        ...m.options,
        ...common,
        explain,
      });
      scores[m.key] = r.scores[0];
      details[m.key] = r.details;
    }
    const record = {
      index: i,
      target: target[0],
      confidence: fixture.confidence[i],
      seconds,
      scores,
      details: compactDetails(details),
      ...(spec.mapStats ? { mapStats: spec.mapStats(map) } : {}),
    };
    records.push(record);
    cache?.set(key, i, record);
  }
  cache?.save();
  return records;
}

/** The details the tables use (curve means, flip indicators), as plain arrays. */
function compactDetails(details) {
  const out = {};
  for (const [k, d] of Object.entries(details)) {
    out[k] = {};
    if (d?.mean) out[k].mean = Array.from(d.mean);
    if (d?.changed) out[k].changed = { data: Array.from(d.changed.data) };
  }
  return out;
}

/**
 * Per-image results of one table, kept in `dir/<name>.json` so that a rerun (after an
 * interruption, or to re-render a page) skips the images already done. Keyed by model,
 * method, options, metrics and seed; delete the file after changing a method or metric.
 */
export function openCache(dir, name) {
  if (!dir) return undefined;
  const path = join(dir, `${name}.json`);
  const data = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {};
  return {
    get: (key, i) => data[key]?.[i],
    set(key, i, record) {
      data[key] ??= {};
      data[key][i] = record;
    },
    save: () => writeAtomic(path, JSON.stringify(data)),
  };
}

/** Mean and sample standard deviation of the finite values, and how many were not finite. */
export function meanStd(values) {
  const finite = values.filter(Number.isFinite);
  const n = finite.length;
  const mean = n ? finite.reduce((a, b) => a + b, 0) / n : Number.NaN;
  const sd =
    n > 1 ? Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : Number.NaN;
  return { mean, sd, n, dropped: values.length - n };
}

/** `mean ± sd` with `digits` significant decimals (`-` when nothing was scored). */
export function fmt({ mean, sd, dropped }, digits = 4) {
  if (!Number.isFinite(mean)) return '-';
  const m = formatNumber(mean, digits);
  const s = Number.isFinite(sd) ? ` ± ${formatNumber(sd, digits)}` : '';
  return `${m}${s}${dropped ? ` (${dropped} n/a)` : ''}`;
}

export function formatNumber(v, digits = 4) {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2);
  return v.toFixed(digits);
}

/** A Markdown table; `bold[r][c]` marks cells. */
export function markdownTable(header, rows, align) {
  const a = align ?? header.map((_, i) => (i === 0 ? '---' : '---:'));
  return [
    `| ${header.join(' | ')} |`,
    `| ${a.join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

/** The machine and versions, for the line under each page's title. */
export function machineLine() {
  return `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, onnxruntime on ${cpus().length} thread(s), JS kernels`;
}

/** Progress on stderr. */
export function log(message) {
  process.stderr.write(`${message}\n`);
}

/** The rows kept by `--methods` (method names or row labels); all rows without it. */
export function selectRows(rows, methods) {
  if (!methods) return rows;
  const kept = rows.filter((r) => methods.includes(r.method) || methods.includes(r.label));
  if (kept.length === 0) {
    throw new Error(
      `Expected --methods among ${[...new Set(rows.map((r) => r.method))].join(', ')} but received ${methods.join(',')}.`,
    );
  }
  return kept;
}

/**
 * The sample indices of a row: `--samples` (or the table's default) for most methods;
 * `--expensive-samples` (or the table's default, at most `--samples`) for the expensive ones.
 */
export function rowIndices(row, options, defaults) {
  const d = getDataset(options.dataset);
  const n = options.samples ?? defaults.samples;
  if (!row.expensive) return sampleIndices(n, d);
  return sampleIndices(options.expensiveSamples ?? Math.min(n, defaults.expensiveSamples), d);
}

/** The sample indices present in every row's records. */
export function commonIndices(rows) {
  let common;
  for (const r of rows) {
    const have = new Set(r.records.map((x) => x.index));
    common = common ? new Set([...common].filter((i) => have.has(i))) : have;
  }
  return common ?? new Set();
}

/**
 * The preset a row runs: its `preset` option, else the method's default preset (the page
 * must say which code or paper each row follows); 'none' for a method without presets.
 */
/** A row's method name: the registry name, or a composed descriptor's name. */
export function methodName(row) {
  return typeof row.method === 'string' ? row.method : row.method.name;
}

export function presetOf(row) {
  const method = typeof row.method === 'string' ? getMethod(row.method) : row.method;
  if (!method.presets) return 'none';
  return row.options?.preset ?? `${method.defaults.preset} (default)`;
}

/**
 * The last section of a page: each row's method, preset and other options, one line per
 * distinct row (`ignore` lists options that only vary along a table's columns, e.g. a
 * resolution). Last, so that the result tables come first when a page is read or parsed.
 */
export function settingsSection(rows, ignore = []) {
  const seen = new Set();
  const lines = [];
  for (const row of rows) {
    const rest = Object.entries(row.options ?? {}).filter(
      ([k]) => k !== 'preset' && !ignore.includes(k),
    );
    const options = rest.length
      ? rest
          .map(
            ([k, v]) =>
              `\`${k}: ${typeof v === 'number' ? String(Number(v.toPrecision(4))) : JSON.stringify(v)}\``,
          )
          .join(', ')
      : '-';
    const line = [row.label, `\`${methodName(row)}\``, presetOf(row), options];
    const key = line.join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(line);
  }
  const table = markdownTable(['row', 'method', 'preset', 'other options'], lines, [
    '---',
    '---',
    '---',
    '---',
  ]);
  return `
## Settings per row

The preset each row runs ("(default)": the method's default preset, not set by the
script; "none": the method has no presets) and the options the script sets; every other
option is at the method's default (\`xai methods\` lists them).

${table}
`;
}

/**
 * A sentence naming the rows a run left out with `--methods` (empty when none), and why
 * (`reason`, e.g. the cost that ruled them out on the data set).
 */
export function leftOutNote(rows, selected, reason = '') {
  // By label: callers build `rows` afresh, so the row objects are not `selected`'s.
  const kept = new Set(selected.map((r) => r.label));
  const out = [...new Set(rows.filter((r) => !kept.has(r.label)).map((r) => r.label))];
  if (out.length === 0) return '';
  return ` This run leaves out ${out.join(', ')} (\`--methods\`)${reason ? `: ${reason}` : ''}.`;
}
