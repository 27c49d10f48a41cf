// The invariant-perturbation paper's figure 1: the share of images whose predicted class
// changes when the elements scored below the tau% quantile are set to gray, against tau,
// per method, on the fixture CNN and ResNet. Written to
// docs/results/invariant-perturbation-figure-1.md and one SVG plot a model.
import { join } from 'node:path';
import { getMethod } from '@xai/methods';
import { featureCount, largestStd } from './datasets.mjs';
import {
  commonIndices,
  getDataset,
  loadFixture,
  log,
  machineLine,
  markdownTable,
  meanStd,
  openCache,
  rowIndices,
  runMethod,
  selectRows,
  settingsSection,
  writeAtomic,
} from './lib.mjs';
import { linePlot } from './svg.mjs';

export const defaults = { samples: 60, expensiveSamples: 20, models: ['cnn', 'resnet'] };

/** The data sets this page runs on (run.mjs --dataset). */
export const datasets = ['fixtures', 'cifar10'];

const TAUS = Array.from({ length: 21 }, (_, i) => 5 * i);

/** The paper's baselines that we have (not the LP-based ones), and the proposed method. */
function rows(d) {
  const std = largestStd(d);
  return [
    { label: 'Gradient', method: 'gradient', options: {} },
    { label: 'GuidedBP', method: 'guided-backprop', options: {} },
    // PAIR's saliency library's SmoothGrad defaults, as the paper ran it: noise level 0.15.
    { label: 'SmoothGrad', method: 'smooth-grad', options: { noiseLevel: 0.15 } },
    { label: 'IntGrad', method: 'integrated-gradients', options: {} },
    { label: 'LRP', method: 'lrp', options: {} },
    { label: 'DeepLIFT', method: 'deep-lift', options: {} },
    // The paper's (12, 12, 3) window on 224x224 is 1.5 pixels on 28x28 and 1.7 on 32x32: 2.
    { label: 'Occlusion', method: 'occlusion', options: { window: 2 } },
    {
      label: 'Stochastic (invariant perturbation)',
      method: 'invariant-perturbation',
      // The authors' notebook (github sato9hara/PertMap): the hinge on probabilities.
      options: { preset: 'reference-code', upperBound: 1 / std },
      expensive: true,
      // The range of w = -score, and the share of elements at the box bound C.
      mapStats: (map) => {
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        let atBound = 0;
        for (const v of map.data) {
          lo = Math.min(lo, -v);
          hi = Math.max(hi, -v);
          if (-v >= (1 / std) * (1 - 1e-3)) atBound++;
        }
        return { min: lo, max: hi, atBound: atBound / map.data.length };
      },
    },
  ];
}

export async function run(options) {
  const d = getDataset(options.dataset);
  const cache = openCache(options.cacheDir, `flip-ratio${d.suffix}`);
  const models = options.models ?? d.models;
  const selected = selectRows(rows(d), options.methods);
  const metric = {
    key: 'flip',
    name: 'flip-ratio',
    options: { taus: TAUS, fill: 'gray' },
  };
  const sections = [];
  const written = [];
  for (const name of models) {
    const fixture = await loadFixture(name, d);
    const curves = [];
    for (const row of selected) {
      const indices = rowIndices(row, options, defaults);
      const records = await runMethod(fixture, indices, row, [metric], {
        seed: options.seed,
        cache,
      });
      const perTau = TAUS.map((_, t) =>
        meanStd(records.map((r) => r.details.flip.changed.data[t])),
      );
      const area = meanStd(records.map((r) => r.scores.flip));
      curves.push({ row, n: indices.length, perTau, area, records });
      log(
        `flip-ratio ${name} ${row.label}: n ${indices.length}, mean flip ratio over tau ${area.mean.toFixed(3)}`,
      );
    }
    await fixture.model.dispose?.();
    const label = d.modelTitle(name);
    const svgName = `invariant-perturbation-figure-1${d.suffix}-${name}.svg`;
    const svgPath = join(options.out, svgName);
    writeAtomic(
      svgPath,
      linePlot(
        `Flip ratio against tau (${label})`,
        'tau: share of elements flipped to gray (%)',
        'share of predictions changed',
        Object.fromEntries(
          curves.map((c) => [c.row.label, TAUS.map((t, j) => [t, c.perTau[j].mean])]),
        ),
        [0, 1],
      ),
    );
    written.push(svgPath);
    const shown = TAUS.filter((t) => t % 10 === 0);
    const table = markdownTable(
      ['method', 'n', ...shown.map((t) => `τ=${t}`), 'mean over τ ± sd'],
      curves.map((c) => [
        c.row.label,
        String(c.n),
        ...shown.map((t) => c.perTau[TAUS.indexOf(t)].mean.toFixed(2)),
        `${c.area.mean.toFixed(3)} ± ${c.area.sd.toFixed(3)}`,
      ]),
    );
    sections.push({
      label,
      curves,
      text: `## ${label}\n\n![${label}](./${svgName})\n\n${table}\n`,
    });
  }
  const samples = options.samples ?? defaults.samples;
  const expensive = options.expensiveSamples ?? Math.min(samples, defaults.expensiveSamples);
  const text = `# Invariant-perturbation figure 1 on ${d.title}

Made by \`${options.command}\` (${machineLine()}).

The paper's figure 1: the elements whose scores lie below the τ% quantile are set to gray
(0.5 in pixels, through the normalisation) and we record whether the predicted class
changes (\`flip-ratio\`, τ from 0 to 100 in steps of 5; all ${featureCount(d)} elements are ranked, as the
paper ranks 224×224×3). The value at τ is the share of images whose prediction changed;
lower is better ("the changes on the classification results are kept almost zeros even if
50% of the pixels are masked", for the paper's method). The last column is the mean over τ
of each image's changes (\`flip-ratio\`'s score), with its standard deviation over images.
Invariant perturbation runs on ${expensive} images, the others on ${samples}, spread over the classes;
the class explained is the predicted one; seed ${options.seed}.

Methods: the paper's baselines that xai has (Gradient, GuidedBP, SmoothGrad, IntGrad,
LRP, DeepLIFT, Occlusion; not the LP-based methods of Hara et al.) with their defaults,
except SmoothGrad's noise level 0.15 (the saliency library's default, which the paper
used) and an occlusion window of 2 pixels (the paper's 12 of 224, scaled); and the
proposed method as the authors' notebook runs it (\`invariant-perturbation\` with
\`preset: 'reference-code'\`: the hinge on the softmax probabilities, M = 32, λ = 100 d / K
= 10 d for our K = 10 classes, Adam with step 0.01, ${proposedSteps()} steps, C = 1 in pixels = 1/std in model units${d.channels > 1 ? ' with the largest channel std' : ''}, score −w). Signed maps are ranked as they
are (the lowest, most negative, scores flip first), as the paper ranks raw scores. The
preset and options of each row are listed at the end of the page.

${sections.map((s) => s.text).join('\n')}`;
  const path = join(options.out, `invariant-perturbation-figure-1${d.suffix}.md`);
  writeAtomic(path, `${text}${agreement(sections, d)}${settingsSection(selected)}`);
  return [path, ...written];
}

/** The proposed method's steps under the preset the page runs. */
const proposedSteps = () => getMethod('invariant-perturbation').presets['reference-code'].steps;

/** The paper's claim, checked on the images every method ran on. */
function agreement(sections, d) {
  const PROPOSED = 'Stochastic (invariant perturbation)';
  const lines = [];
  let first = 0;
  let withProposed = 0;
  for (const s of sections) {
    const common = commonIndices(s.curves);
    const at = s.curves.map((c) => {
      const rs = c.records.filter((x) => common.has(x.index));
      const t50 = TAUS.indexOf(50);
      return {
        label: c.row.label,
        area: meanStd(rs.map((x) => x.scores.flip)).mean,
        at50: meanStd(rs.map((x) => x.details.flip.changed.data[t50])).mean,
      };
    });
    const ranked = [...at].sort((a, b) => a.area - b.area);
    const p = at.find((c) => c.label === PROPOSED);
    if (p) {
      withProposed++;
      if (ranked[0].label === PROPOSED) first++;
    }
    lines.push(
      `- ${s.label} (${common.size} images): mean flip ratio over τ, lowest first: ${ranked.map((c) => `${c.label} ${c.area.toFixed(3)}`).join(', ')}. At τ = 50: ${at.map((c) => `${c.label} ${c.at50.toFixed(2)}`).join(', ')}.`,
    );
  }
  const stats = sections.flatMap((s) =>
    s.curves
      .filter((c) => c.row.label === PROPOSED)
      .flatMap((c) => c.records.map((r) => r.mapStats).filter(Boolean)),
  );
  const shares = stats.map((x) => x.atBound).sort((a, b) => a - b);
  const median = shares.length ? shares[Math.floor((shares.length - 1) / 2)] : Number.NaN;
  const saturated = shares.filter((v) => v > 0.5).length;
  const wRange = stats.length
    ? `Over the ${stats.length} maps of this run, w ends between ${Math.min(...stats.map((x) => x.min)).toFixed(2)} and ${Math.max(...stats.map((x) => x.max)).toFixed(2)}; the median share of an image's elements at the bound is ${(100 * median).toFixed(1)}%, and ${saturated} of the ${stats.length} maps have more than half of their elements there`
    : 'This run left the proposed method out';
  // Most maps still climbing: -w ranks by how early the hinge held a weight back.
  const climbing = stats.length > 0 && median < 0.05;
  const proposedRanks = sections.map((s) => {
    const common = commonIndices(s.curves);
    const areas = s.curves.map((c) => ({
      label: c.row.label,
      area: meanStd(c.records.filter((x) => common.has(x.index)).map((x) => x.scores.flip)).mean,
    }));
    const sorted = [...areas].sort((a, b) => a.area - b.area);
    const i = sorted.findIndex((c) => c.label === PROPOSED);
    return i < 0
      ? undefined
      : { label: s.label, rank: i + 1, of: sorted.length, area: sorted[i].area };
  });
  return `
## Agreement with the paper

On the images that every method ran on:

${lines.join('\n')}

The paper (VGG16 on 200 COCO-animal validation images, 224×224) finds its method "the
most resistant to the masking: the changes on the classification results are kept almost
zeros even if 50% of the pixels are masked", ahead of Gradient, GuidedBP, SmoothGrad,
IntGrad, LRP, DeepLIFT, Occlusion and the LP-based methods (its figure's values are not in
the text, so we compare with these words). ${withProposed ? `Here the proposed method has the lowest mean flip ratio on ${first} of the ${withProposed} models.` : 'This run left the proposed method out.'}

${changed(proposedRanks, d)}

Why the pictures can differ. ${
    d.name === 'fixtures'
      ? `Graying pixels of a Fashion-MNIST garment is a large change:
gray (0.5) is far from both the black background and the garment's pixels, and a 28×28
image has little redundant texture, so we expect predictions to flip at smaller τ than
for a photograph, whatever the method, which compresses the differences between methods
into the low-τ part of the curve.`
      : `CIFAR-10's images are photographs, as the paper's are, but
32×32: each pixel spans seven times as much of the side as one of the paper's 224×224
pixels, so graying a share τ of them breaks more of the object's shape than in the paper's
images and we expect predictions to flip at smaller τ, whatever the method, which
compresses the differences between methods into the low-τ part of the curve.`
  } Signed maps (Gradient, SmoothGrad, IntGrad, LRP,
DeepLIFT) gray their most negative elements first, as the paper ranks raw scores. For the
proposed method, convergence matters: we run the notebook's ${proposedSteps()} Adam steps of size 0.01 from w = 0 where
the paper runs "until converged". ${wRange}, against the box bound C = 1/std ≈ ${(1 / largestStd(d)).toFixed(2)} in our
model units (the paper's C = 1 on [0, 1] pixels)${
    climbing
      ? `: for most images the weights are still climbing, so the ranking −w reflects how early the hinge began to hold each weight back rather than the maximal box the paper's method is defined by${saturated ? `, while on the ${saturated} map(s) with most weights at the bound −w ties them and the metric orders ties by index, not by relevance` : ''}`
      : '; where many weights sit at the bound, −w ties them and the metric orders ties by index, not by relevance'
  }. More steps (the method's \`steps\`
option) would get closer, at a proportional cost; we kept the notebook's ${proposedSteps()} and its other
settings (M = 32, λ = 100 d / K). We have no LP-based methods.
`;
}

/**
 * The proposed method's place on the fixtures before the authors'-code preset (the page made
 * at main 1df2211, the hinge on logits): its mean flip ratio and rank among the 8 methods.
 */
const BEFORE_PRESET = { CNN: { area: 0.56, rank: 5 }, ResNet: { area: 0.531, rank: 5 } };

/** What the preset changed, and whether the proposed method now ranks nearer the paper's first. */
function changed(ranks, d) {
  const settings = `What changed with the authors'-code preset (issue 17). The paper's figure comes from its
authors' notebook (github sato9hara/PertMap), so the proposed method now runs
\`preset: 'reference-code'\`: the hinge on the softmax probabilities rather than the logits,
with the notebook's penalty weight (lambda = 100 d / K). The other methods are unchanged.`;
  const have = ranks.filter(Boolean);
  if (d.name !== 'fixtures' || have.length === 0) {
    return `${settings}${d.name !== 'fixtures' ? ' This page has no earlier version: it is the second data set of issue 17.' : ''}`;
  }
  const parts = have
    .filter((r) => BEFORE_PRESET[r.label])
    .map(
      (r) =>
        `${r.label}: rank ${BEFORE_PRESET[r.label].rank} → ${r.rank} of ${r.of}, mean flip ratio ${BEFORE_PRESET[r.label].area.toFixed(3)} → ${r.area.toFixed(3)}`,
    );
  const better = have.filter(
    (r) => BEFORE_PRESET[r.label] && r.rank < BEFORE_PRESET[r.label].rank,
  ).length;
  const worse = have.filter(
    (r) => BEFORE_PRESET[r.label] && r.rank > BEFORE_PRESET[r.label].rank,
  ).length;
  return `${settings} The proposed method, before → now: ${parts.join('; ')}. The paper puts it first; ${
    better > worse
      ? 'the preset brings it closer'
      : better === worse
        ? 'the preset does not change how close it is'
        : 'the preset moves it further away'
  }.`;
}
