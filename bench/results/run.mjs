// Remakes the papers' tables and figures on the fixture models and writes them to
// docs/results/ (one Markdown file a table or figure; figures also as SVG).
//
//   node bench/results/run.mjs <table|all> [--samples n] [--expensive-samples m]
//        [--methods a,b,...] [--models cnn,resnet] [--out docs/results] [--seed 0]
//        [--cache bench/results/.cache | --no-cache] [--dataset fixtures|cifar10]
//
// Tables: isa (ISA tables 1-2), i-gos (I-GOS tables 1-2), adapt-grad (AdaptGrad tables
// 1-2), caso (CASO figure 1), flip-ratio (the invariant-perturbation paper's figure 1).
// --methods keeps only the rows whose method name (as `xai methods` lists it) or row label
// is listed; --samples and --expensive-samples override each table's sample counts (the
// expensive methods, ISA, I-GOS, invariant perturbation, smooth CASO, run on fewer).
// --dataset cifar10 runs on the CIFAR-10 ResNets and images in ../shared/data/cifar10, read
// in place, and writes each page with the suffix -cifar10; a table
// runs on the data sets its module's \`datasets\` lists (the fixtures only without one).
// Per-image results are kept in --cache (default bench/results/.cache, git-ignored), so a
// rerun resumes after an interruption and re-renders a page in seconds; delete the folder
// (or pass --no-cache) after changing a method or a metric.
// Needs the built packages (`bash scripts/pnpm.sh exec turbo run build`). Seeded: a rerun
// on the same machine gives the same numbers.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDataset, log, parseArgs } from './lib.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '..', '..');
const tables = {
  isa: () => import('./isa-tables.mjs'),
  'i-gos': () => import('./i-gos-tables.mjs'),
  'adapt-grad': () => import('./adapt-grad-tables.mjs'),
  caso: () => import('./caso-figure.mjs'),
  'flip-ratio': () => import('./flip-ratio-figure.mjs'),
};

const args = parseArgs(process.argv.slice(2));
const which = args._[0];
if (!which || !(which === 'all' || which in tables)) {
  log(`Expected a table among ${Object.keys(tables).join(', ')} or 'all' but received '${which}'.`);
  process.exit(1);
}
const number = (name) => {
  if (args[name] === undefined) return undefined;
  const v = Number(args[name]);
  if (!Number.isInteger(v) || v < 1) {
    log(`Expected --${name} to be a positive integer but received '${args[name]}'.`);
    process.exit(1);
  }
  return v;
};
let dataset;
try {
  dataset = getDataset(typeof args.dataset === 'string' ? args.dataset : undefined).name;
} catch (e) {
  log(e.message);
  process.exit(1);
}
const options = {
  dataset,
  samples: number('samples'),
  expensiveSamples: number('expensive-samples'),
  methods: typeof args.methods === 'string' ? args.methods.split(',') : undefined,
  models: typeof args.models === 'string' ? args.models.split(',') : undefined,
  out: resolve(root, typeof args.out === 'string' ? args.out : 'docs/results'),
  seed: args.seed === undefined ? 0 : Number(args.seed),
  cacheDir: args['no-cache']
    ? undefined
    : resolve(root, typeof args.cache === 'string' ? args.cache : 'bench/results/.cache'),
};

for (const name of which === 'all' ? Object.keys(tables) : [which]) {
  const t0 = performance.now();
  const table = await tables[name]();
  if (!(table.datasets ?? ['fixtures']).includes(options.dataset)) {
    log(`${name}: skipped, it runs on ${(table.datasets ?? ['fixtures']).join(', ')} only.`);
    continue;
  }
  const written = await table.run({ ...options, command: command(name) });
  log(`${name}: wrote ${written.join(', ')} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

function command(name) {
  const rest = process.argv
    .slice(3)
    .filter(
      (a, i, all) =>
        !['--out', '--cache'].includes(a) && !['--out', '--cache'].includes(all[i - 1]),
    )
    .filter((a) => a !== '--no-cache')
    .join(' ');
  return `node bench/results/run.mjs ${name}${rest ? ` ${rest}` : ''}`;
}
