// I-GOS tables 1-2 (Qi, Khorram and Li 2020): deletion and insertion per mask resolution
// for I-GOS, the mask method (meaningful perturbation), RISE, Grad-CAM and IG, on the
// fixture CNN (table 1, VGG19 in the paper) and ResNet (table 2, ResNet-50 in the paper), or
// the two CIFAR-10 ResNets. Written to docs/results/i-gos-tables[-cifar10].md.
import { join } from 'node:path';
import {
  commonIndices,
  fmt,
  getDataset,
  loadFixture,
  log,
  machineLine,
  markdownTable,
  meanStd,
  openCache,
  presetOf,
  rowIndices,
  runMethod,
  selectRows,
  settingsSection,
  writeAtomic,
} from './lib.mjs';

export const defaults = { samples: 60, expensiveSamples: 30, models: ['cnn', 'resnet'] };

/** The data sets this page runs on (run.mjs --dataset). */
export const datasets = ['fixtures', 'cifar10'];

/**
 * The paper's resolutions on 224x224 are 224, 112, 28, 14 and 7: full, 1/2, 1/8, 1/16 and
 * 1/32 of the side. On 28x28 the last three would be 3.5, 1.75 and 0.875 cells, so the
 * full and half resolutions keep their ratio (28, 14) and the coarse end is 7 and 4 cells a
 * side (blocks of 4x4 and 7x7 pixels), the coarsest grids that still rank something. On
 * 32x32 the same rule gives 32, 16, then 8 (the ResNets' last convolution, so Grad-CAM
 * shares the column, and the nearest divisor of 32 to the paper's 7x7) and 4.
 */
export const RESOLUTIONS = { fixtures: [28, 14, 7, 4], cifar10: [32, 16, 8, 4] };
export const PAPER_RESOLUTIONS = [224, 112, 28, 14, 7];

/**
 * Grad-CAM's resolution is its layer's (the last convolution): 14x14 in the CNN, 7x7 in the
 * fixture ResNet, 8x8 in both CIFAR-10 ResNets (their third stage).
 */
const GRAD_CAM_RESOLUTION = { cnn: 14, resnet: 7, mlp: undefined, resnet20: 8, resnet56: 8 };

function rows(model, d) {
  const out = [];
  for (const r of RESOLUTIONS[d.name]) {
    // The PyTorch port of the mask method that the I-GOS code shares (its preset).
    out.push({
      label: 'Mask',
      method: 'meaningful-perturbation',
      options: { preset: 'reference-code', maskSize: r },
      resolution: r,
      expensive: true,
    });
  }
  out.push({
    label: 'Grad-CAM',
    method: 'grad-cam',
    // pytorch-grad-cam's min-max scaling: a positive affine map per image, which should
    // leave the cells' order, and so both scores, as the paper preset's.
    options: { preset: 'reference-code' },
    resolution: GRAD_CAM_RESOLUTION[model],
  });
  out.push({ label: 'RISE', method: 'rise', options: {}, resolution: d.side });
  out.push({ label: 'IG', method: 'integrated-gradients', options: {}, resolution: d.side });
  for (const r of RESOLUTIONS[d.name]) {
    // The paper's tables come from its authors' code (zhongangqi/IGOS): its preset.
    out.push({
      label: 'I-GOS',
      method: 'i-gos',
      options: { preset: 'reference-code', maskSize: r },
      resolution: r,
      expensive: true,
    });
  }
  return out.filter((row) => row.resolution !== undefined);
}

const metricsAt = (r, d) => {
  // I-GOS's evaluation: a blurred baseline for both curves (11 taps, sigma 5, the paper's
  // "more blurred image"), cells of the mask's grid moved in order of their mean saliency.
  const options = { baseline: 'blur', ...(r === d.side ? {} : { maskResolution: r }) };
  return [
    { key: 'deletion', name: 'deletion', options },
    { key: 'insertion', name: 'insertion', options },
  ];
};

export async function run(options) {
  const d = getDataset(options.dataset);
  const cache = openCache(options.cacheDir, `i-gos${d.suffix}`);
  const models = options.models ?? d.models;
  const resolutions = RESOLUTIONS[d.name];
  const modelTitle = d.modelTitle;
  const sections = [];
  for (const name of models) {
    const fixture = await loadFixture(name, d);
    const selected = selectRows(rows(name, d), options.methods);
    const cells = new Map(); // label -> resolution -> {del, ins, n}
    for (const row of selected) {
      const indices = rowIndices(row, options, defaults);
      const records = await runMethod(fixture, indices, row, metricsAt(row.resolution, d), {
        seed: options.seed,
        cache,
      });
      const del = meanStd(records.map((x) => x.scores.deletion));
      const ins = meanStd(records.map((x) => x.scores.insertion));
      const secs = meanStd(records.map((x) => x.seconds));
      if (!cells.has(row.label)) cells.set(row.label, new Map());
      cells.get(row.label).set(row.resolution, { del, ins, n: indices.length, secs, records });
      log(
        `i-gos ${name} ${row.label} ${row.resolution}: n ${indices.length}, ${secs.mean.toFixed(2)} s/sample, deletion ${del.mean.toFixed(4)}, insertion ${ins.mean.toFixed(4)}`,
      );
    }
    await fixture.model.dispose?.();
    const header = [
      'method',
      ...resolutions.flatMap((r) => [`${r}×${r} deletion`, `${r}×${r} insertion`]),
      'n',
    ];
    const body = [...cells.entries()].map(([label, byRes]) => [
      label,
      ...resolutions.flatMap((r) => {
        const c = byRes.get(r);
        return c ? [fmt(c.del), fmt(c.ins)] : ['', ''];
      }),
      String(Math.max(...[...byRes.values()].map((c) => c.n))),
    ]);
    const title =
      {
        cnn: 'Table 1: the fixture CNN (VGG19 in the paper)',
        resnet: 'Table 2: the fixture ResNet (ResNet-50 in the paper)',
        resnet20: 'Table 1: ResNet-20 (VGG19 in the paper)',
        resnet56: 'Table 2: ResNet-56 (ResNet-50 in the paper)',
      }[name] ?? modelTitle(name);
    sections.push({
      name,
      cells,
      rows: selected,
      text: `## ${title}\n\n${markdownTable(header, body)}\n`,
    });
  }
  const samples = options.samples ?? defaults.samples;
  const expensive = options.expensiveSamples ?? Math.min(samples, defaults.expensiveSamples);
  const [full, half, mid, coarse] = resolutions;
  const text = `# I-GOS tables 1-2 on ${d.title}

Made by \`${options.command}\` (${machineLine()}).

Deletion (lower is better) and insertion (higher is better) AUCs per mask resolution, as
the I-GOS paper's tables 1 and 2, for the mask method (meaningful perturbation, Fong and
Vedaldi 2017), Grad-CAM, RISE, integrated gradients and I-GOS, on ${models.map(modelTitle).join(' and ')} (${d.description}). Mean ± standard deviation
over the images; Mask and I-GOS run on ${expensive} images a resolution, the others on ${samples}
(the column n gives the count), spread over the ten classes; the class explained and
scored is the predicted one; seed ${options.seed}.${
    models.length < d.models.length
      ? ` This run leaves out ${d.models
          .filter((m) => !models.includes(m))
          .map(modelTitle)
          .join(', ')} (\`--models\`).`
      : ''
  }

Resolutions: the paper's 224, 112, 28, 14 and 7 on 224×224 inputs are full, 1/2, 1/8,
1/16 and 1/32 of the side; on ${d.side}×${d.side} the last three would be ${[8, 16, 32].map((k) => formatCells(d.side / k)).join(', ')} cells, so we keep
full and half (${full}, ${half}) and take ${mid} and ${coarse} cells a side for the coarse end (blocks of ${blocks(d.side / mid)} and ${blocks(d.side / coarse)} pixels)${
    d.name === 'fixtures'
      ? ''
      : `: ${mid}×${mid} is the divisor of 32 nearest the paper's 7×7 and the resolution of the ResNets' last convolution, so Grad-CAM shares its column`
  }. I-GOS and Mask
optimise their mask at each resolution (\`maskSize\`) and are scored at it; RISE and IG
give per-pixel maps (${full}×${full} only, as in the paper), and Grad-CAM the resolution of the last
convolution (${models.map((m) => `${GRAD_CAM_RESOLUTION[m]}×${GRAD_CAM_RESOLUTION[m]} in the ${modelTitle(m)}`).join(', ')}; 14×14 in VGG19 and 7×7 in ResNet-50).
At a resolution r the metrics rank the cells of an r×r grid by their mean saliency and
move r cells a step, with the step masks upsampled bilinearly (the metric's
\`maskResolution\`), following the paper ("replacing pixels based on generated heatmaps
at the original resolutions before upsampling"). Both curves use I-GOS's blurred image as
the baseline (11 taps, sigma 5; on a ${d.side}×${d.side} image this blur leaves little but the mean
${d.channels === 1 ? 'brightness' : 'colour'}, which is what the paper wants of it: a baseline scored near zero) and the
softmax probability of the class. The metrics' blur stays core's \`'blur'\` baseline (11
taps, sigma 5) for every method, while I-GOS's \`'reference-code'\` preset optimises
against its code's blur (51 taps, sigma 50); at ${d.side}×${d.side} both leave little but the mean ${d.channels === 1 ? 'brightness' : 'colour'}.
The preset and options of each row are listed at the end of the page (\`maskSize\` is the
column's resolution).

${sections.map((s) => s.text).join('\n')}`;
  const path = join(options.out, `i-gos-tables${d.suffix}.md`);
  const settings = settingsSection(selectRows(rows(models[0], d), options.methods), ['maskSize']);
  writeAtomic(path, `${text}${agreement(sections, resolutions, d)}${settings}`);
  return [path];
}

/** The paper's claim, checked per resolution on the images every method there ran on. */
function agreement(sections, resolutions, d) {
  const modelTitle = d.modelTitle;
  const lines = [];
  const igLast = [];
  const sizes = [];
  const byModel = {}; // model -> tally of the paper's claims over its cells
  for (const s of sections) {
    const t = emptyTally();
    byModel[s.name] = t;
    for (const r of resolutions) {
      const here = [...s.cells.entries()]
        .filter(([, m]) => m.has(r))
        .map(([label, m]) => ({ label, records: m.get(r).records }));
      if (here.length < 2) continue;
      const common = commonIndices(here);
      sizes.push(common.size);
      const at = here.map((c) => {
        const rs = c.records.filter((x) => common.has(x.index));
        return {
          label: c.label,
          ins: meanStd(rs.map((x) => x.scores.insertion)).mean,
          del: meanStd(rs.map((x) => x.scores.deletion)).mean,
        };
      });
      const ins = [...at].sort((a, b) => b.ins - a.ins).map((c) => c.label);
      const del = [...at].sort((a, b) => a.del - b.del).map((c) => c.label);
      if (ins.includes('I-GOS')) {
        t.cells++;
        if (ins[0] === 'I-GOS') t.igosIns++;
        if (del[0] === 'I-GOS') t.igosDel++;
      }
      const g = at.find((c) => c.label === 'I-GOS');
      const m = at.find((c) => c.label === 'Mask');
      if (g && m) {
        t.pairs++;
        if (g.ins > m.ins) t.beatsMaskIns++;
        if (g.del < m.del) t.beatsMaskDel++;
        else if (g.ins > m.ins) t.maskDelIgosIns++;
      }
      if (r === d.side && ins.includes('IG')) {
        t.igCells++;
        if (ins.at(-1) === 'IG') t.igLast++;
        igLast.push(
          `${modelTitle(s.name)}: ${ins.at(-1) === 'IG' ? 'last' : `${ins.indexOf('IG') + 1} of ${ins.length}`}`,
        );
      }
      lines.push(
        `- ${modelTitle(s.name)}, ${r}×${r} (${common.size} images): insertion, best first: ${ins.join(', ')}; deletion, best first: ${del.join(', ')}.`,
      );
    }
  }
  const { cells, igosIns, igosDel, pairs, beatsMaskIns, beatsMaskDel, maskDelIgosIns } = sumTallies(
    Object.values(byModel),
  );
  return `
## Agreement with the paper

Orderings at each resolution, on the images that every method there ran on:

${lines.join('\n')}

The paper finds I-GOS best "in both deletion and insertion scores for heatmaps with all
different resolutions" on both networks (ResNet-50: deletion 0.0420 and insertion 0.5846
at 224×224, against Mask 0.0468 and 0.4962, RISE 0.1196 and 0.5637, IG 0.0907 and 0.2921;
at 7×7 I-GOS 0.1607 and 0.6632 against Grad-CAM 0.1675 and 0.6521 and Mask 0.2259 and
0.6003), and IG with "the worst insertion score among all the approaches". Here I-GOS is
best on insertion at ${igosIns} and on deletion at ${igosDel} of the ${cells} (model,
resolution) cells it appears in; against Mask alone it has the higher insertion in
${beatsMaskIns} and the lower deletion in ${beatsMaskDel} of ${pairs}. IG's insertion rank at
${d.side}×${d.side}: ${igLast.join(', ') || '-'}.

${changed(byModel, sections, d)}

Why they can differ. ${
    beatsMaskDel < pairs
      ? `Where Mask has the lower deletion score (${pairs - beatsMaskDel} of ${pairs} cells), I-GOS has the higher insertion score in ${maskDelIgosIns} of those ${pairs - beatsMaskDel}: Mask optimises the deletion objective itself, towards the same blurred image the metric uses, and the paper warns that "only utilizing the deletion metric is not satisfactory enough since adversarial attacks can also achieve a quite good performance"; its insertion metric is the check against such masks${maskDelIgosIns > (pairs - beatsMaskDel) / 2 ? ', and there I-GOS leads' : ', and here I-GOS does not lead there either'}. `
      : ''
  }The paper's images are 224×224 photographs, where IG's maps spread over textured
background ("lots of pixels uncorrelated with the classification"); ${
    d.name === 'fixtures'
      ? `on 28×28 garments on a
plain background there is little such texture, so we would expect per-pixel methods such
as IG not to be handicapped in the same way. Our 7×7 grid has cells of the same share of
the image as the paper's 7×7 (1/49), but our 4×4 grid (blocks of 7×7 pixels, 1/16 of the
image each) is coarser than anything in the paper, and its curves have only four steps.`
      : `CIFAR-10's 32×32 photographs do have
natural backgrounds, but at a seventh of the paper's side an object and its surroundings
are a few pixels each. Our 8×8 grid's cells are 1/64 of the image (the paper's 7×7: 1/49),
and our 4×4 grid (blocks of 8×8 pixels, 1/16 of the image each) is coarser than anything
in the paper, with curves of only four steps.`
  } I-GOS and Mask use the papers' λ's, tuned on ImageNet; we did not retune
them for these models, while the paper says all its baselines "were tuned to best
performances". With ${
    Math.min(...sizes) === Math.max(...sizes)
      ? Math.min(...sizes)
      : `${Math.min(...sizes)} to ${Math.max(...sizes)}`
  } images per cell, differences below the standard
deviations in the tables above are not orderings.
`;
}

/** The paper's claims counted over (model, resolution) cells: see `agreement`. */
const emptyTally = () => ({
  cells: 0,
  igosIns: 0,
  igosDel: 0,
  pairs: 0,
  beatsMaskIns: 0,
  beatsMaskDel: 0,
  maskDelIgosIns: 0,
  igLast: 0,
  igCells: 0,
});

const sumTallies = (tallies) =>
  tallies.reduce(
    (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] + (b[k] ?? 0)])),
    emptyTally(),
  );

/**
 * The earlier versions of each page, counted as `agreement` counts (read off those pages):
 * on the fixtures before any authors'-code preset (main 1df2211, every row at its
 * defaults) and with I-GOS's alone (2044e24, Mask and Grad-CAM at their paper presets); on
 * CIFAR-10 with I-GOS's alone (f15ba98, ResNet-20 only, 6 images, 3 for Mask and I-GOS).
 */
const EARLIER = {
  fixtures: [
    {
      what: 'before the presets (every row at its defaults; the same images)',
      models: ['cnn', 'resnet'],
      tally: {
        cells: 8,
        igosIns: 8,
        igosDel: 4,
        pairs: 8,
        beatsMaskIns: 8,
        beatsMaskDel: 4,
        igLast: 0,
        igCells: 2,
      },
    },
    {
      what: "with I-GOS's preset alone (Mask and Grad-CAM at their paper presets; the same images)",
      models: ['cnn', 'resnet'],
      tally: {
        cells: 8,
        igosIns: 6,
        igosDel: 4,
        pairs: 8,
        beatsMaskIns: 7,
        beatsMaskDel: 4,
        igLast: 0,
        igCells: 2,
      },
    },
  ],
  cifar10: [
    {
      what: "with I-GOS's preset alone (ResNet-20 only, 3 images for Mask and I-GOS and 6 for the others; Mask at its paper preset)",
      models: ['resnet20'],
      tally: {
        cells: 4,
        igosIns: 1,
        igosDel: 1,
        pairs: 4,
        beatsMaskIns: 2,
        beatsMaskDel: 1,
        igLast: 1,
        igCells: 1,
      },
    },
  ],
};

/**
 * What the presets changed: the rows that now run an authors'-code preset (read from the
 * rows themselves), and the paper's claims counted on each earlier page's models, then and
 * now.
 */
function changed(byModel, sections, d) {
  const rowsRun = sections.flatMap((s) => [...s.rows]);
  const labels = (keep) => [...new Set(rowsRun.filter(keep).map((r) => r.label))];
  const reference = labels((r) => presetOf(r) === 'reference-code');
  const others = labels((r) => presetOf(r) !== 'reference-code');
  const settings = `What changed with the authors'-code presets (issue 17). The paper's numbers come from
code: I-GOS's from its authors' (github zhongangqi/IGOS), the baselines' from code the paper
does not name. ${
    reference.length
      ? `${andList(reference)} now run${reference.length === 1 ? 's' : ''} \`preset: 'reference-code'\`: ${reference
          .map((l) => `${l}, ${PRESET_NOTES[l] ?? "its authors' code"}`)
          .join('; ')}`
      : "every row would run its authors' code, but this run has none of those rows"
  }.${
    others.length
      ? ` ${andList(others)} ${others.length === 1 ? 'is a baseline' : 'are baselines'} that the I-GOS authors ran and "tuned to best performances" themselves, with no code in that repository, so ${others.length === 1 ? 'it keeps its' : 'they keep their'} defaults.`
      : ''
  } The last section lists each row's preset.`;
  const comparisons = [];
  for (const e of EARLIER[d.name] ?? []) {
    if (!e.models.every((m) => byModel[m])) continue;
    const then = { ...emptyTally(), ...e.tally };
    const now = sumTallies(e.models.map((m) => byModel[m]));
    const before = then.igosIns + then.igosDel + then.igLast;
    const after = now.igosIns + now.igosDel + now.igLast;
    comparisons.push(
      `The paper's claims ${e.what} → now${e.models.length < sections.length ? `, on the ${e.models.map(d.modelTitle).join(' and ')}` : ''}: I-GOS best on insertion in ${then.igosIns} → ${now.igosIns} and on deletion in ${then.igosDel} → ${now.igosDel} of its ${then.cells} → ${now.cells} cells; against Mask alone, the higher insertion in ${then.beatsMaskIns} → ${now.beatsMaskIns} and the lower deletion in ${then.beatsMaskDel} → ${now.beatsMaskDel} of ${then.pairs} → ${now.pairs}; IG last on insertion at full resolution on ${then.igLast} → ${now.igLast} of ${then.igCells} → ${now.igCells} models. ${
        after > before
          ? "The ordering agrees more with the paper's than then"
          : after === before
            ? "The ordering agrees with the paper's as much as then"
            : "The ordering agrees less with the paper's than then"
      } (${before} → ${after} of these counts).`,
    );
  }
  if (comparisons.length === 0) return settings;
  return `${settings} ${comparisons.join(' ')}`;
}

/** What each authors'-code preset does, for the "what changed" paragraph. */
const PRESET_NOTES = {
  'I-GOS':
    "as github zhongangqi/IGOS at 541e440 runs it (λ1 divided by 10 after iteration 7, or by 5 after iteration 12, when the score has not moved; its noise in the first colour channel only (the same thing on one channel); the mask upsampled with aligned corners; a baseline blurred with 51 taps of sigma 50 where the paper preset's has 11 taps of sigma 5; the line search ending at the first step below 1e-5; the code's doubled noise draw stays fixed, sigma 0.2, not 0.4)",
  Mask: "as the PyTorch port of the mask method that the I-GOS code shares for its baseline runs it (github jacobgil/pytorch-explain-black-box at 74dd6f7: 500 Adam iterations instead of 300, an 11×11 median blur instead of the Gaussian, Gaussian noise of sigma 0.2 added to the perturbed input every iteration, torch's zero derivative of |1 - m| at m = 1); that the paper's Mask numbers came from it is our reading, not stated there",
  'Grad-CAM':
    'as github jacobgil/pytorch-grad-cam at 084273b runs it (each map min-max scaled to [0, 1], at the layer and after the upsampling; a positive affine map per image, so the order of the cells, which is all the two metrics use, should not change)',
};

/** 'a', 'a and b', 'a, b and c'. */
const andList = (xs) =>
  xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;

/** A square block of side v pixels, e.g. 4×4. */
const blocks = (v) => `${formatCells(v)}×${formatCells(v)}`;

/** A cell count or block size with one decimal when it is not whole. */
const formatCells = (v) =>
  Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 3 : 2).replace(/0+$/, '');
