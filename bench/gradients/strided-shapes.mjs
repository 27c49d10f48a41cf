// The forms of a strided Conv's adjoint (ConvTranspose, polyphase Conv, one depthwise Conv
// per phase, Conv over the dilated cotangent) and of Clip's mask (Equal on x and y, or from
// the output), timed as single-op graphs against the forward op, per shape; and whole VJP
// graphs under two XAI_GRAPH settings. The rules' own graph code builds every form
// (XAI_GRAPH forces it), so what is timed is what the loader builds.
//
//   node bench/gradients/strided-shapes.mjs [--part conv|clip|whole] [--models resnet50,mobilenet_v2]
//        [--batches 1,8] [--grid 1] [--threads 2] [--ms 600] [--min-rounds 5] [--max-gmacs 3]
//        [--sides "strided-previous;"] (whole: two XAI_GRAPH values, old;new)
//
// conv: every distinct strided Conv of the models (and ViT-B/16's patch embedding when
// bench/.models/vit_b_16.onnx is in --models) plus, with --grid 1, a grid of channels,
// kernels and sizes (dense and depthwise). Each shape's graphs run in turns (forward, then
// the forms in a rotating order) until --ms of timing or at least --min-rounds rounds;
// medians and the ratio to the forward conv; the forms' outputs are checked against each
// other (max abs difference / max abs). clip: the Conv + Clip pairs of MobileNet V2, the
// forward pair against pair + mask. whole: Model.vjp on the models with XAI_GRAPH=old and
// =new alternating (old first in even rounds), medians and per-round old/new.
// Prints a Markdown table per part and one JSON line per row on stderr. Runs itself under
// vite-node (the rules are internal).
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { rerunUnderViteNode } from '../vite-node.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const backend = join(root, 'packages/backend-onnx');

rerunUnderViteNode(import.meta.url, backend);

const { option } = await import('../options.mjs');
const src = (p) => import(join(backend, 'src', p));
const { readModelBytes } = await src('load/model-io.ts');
const { decodeOnnxModel } = await src('decode-model.ts');
const { readGraph, FLOAT, encodeModel, tensorValueInfo, withGraph } = await src('graph/graph.ts');
const { GraphBuilder } = await src('graph/builder.ts');
const { attr, attrInt, attrInts } = await src('graph/attributes.ts');
const { onnx } = await src('onnx-proto.ts');
const { convRule } = await src('rules/conv.ts');
const { clipRule } = await src('rules/clip.ts');
const { threadingOptions } = await src('session.ts');
const ort = createRequire(join(backend, 'package.json'))('onnxruntime-node');

const part = option('--part', 'conv');
const models = option('--models', 'resnet50,mobilenet_v2').split(',').filter(Boolean);
const batches = option('--batches', '1,8').split(',').map(Number);
const grid = option('--grid', '0') === '1';
const threads = Number(option('--threads', '2'));
const budgetMs = Number(option('--ms', '600'));
const minRounds = Number(option('--min-rounds', '5'));
// Cells whose forward Conv does more MACs than this (batch included) are left out.
const maxMacs = Number(option('--max-gmacs', '3')) * 1e9;
const sessionOptions = {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  ...threadingOptions({ threads }),
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg()[0].toFixed(2);
/** A seeded uniform [-0.5, 0.5) array (an LCG: the same numbers every run). */
function rand(n, seed) {
  const a = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    a[i] = s / 2147483648 - 0.5;
  }
  return a;
}
const numel = (dims) => dims.reduce((a, b) => a * b, 1);
const floatTensor = (name, dims, seed, scale = 1) => {
  const data = rand(numel(dims), seed).map((v) => v * scale);
  return onnx.TensorProto.create({
    name,
    dataType: FLOAT,
    dims,
    rawData: new Uint8Array(data.buffer),
  });
};

/** A shape: `[N, C, H, W]` input, `M` outputs, kernel `k`, stride `s`, pads `p`, `group`. */
const key = (c) => `${c.c}->${c.m} k${c.k} s${c.s} p${c.p} g${c.group} ${c.h}x${c.w}`;
const outSize = (n, c) => Math.floor((n + 2 * c.p - c.k) / c.s) + 1;

/** The Conv node of a shape, reading `x` and weights `w`. */
function convNode(c, output = 'y') {
  return onnx.NodeProto.create({
    name: 'conv',
    opType: 'Conv',
    input: ['x', 'w'],
    output: [output],
    attribute: [
      attr.ints('kernel_shape', [c.k, c.k]),
      attr.ints('strides', [c.s, c.s]),
      attr.ints('pads', [c.p, c.p, c.p, c.p]),
      attr.int('group', c.group),
    ],
  });
}
const weightDims = (c) => [c.m, c.c / c.group, c.k, c.k];
const macsOf = (c) => c.m * outSize(c.h, c) * outSize(c.w, c) * (c.c / c.group) * c.k * c.k;

function modelOf(nodes, initializers, inputs, outputs) {
  return encodeModel(
    onnx.ModelProto.create({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      producerName: 'xai-bench',
      graph: {
        name: 'single',
        node: nodes,
        initializer: initializers,
        input: inputs,
        output: outputs,
      },
    }),
  );
}

/** The forward Conv alone, and the adjoint as the rule builds it under `XAI_GRAPH=flag`. */
function convGraphs(c, n, flags) {
  const xDims = [n, c.c, c.h, c.w];
  const yDims = [n, c.m, outSize(c.h, c), outSize(c.w, c)];
  const w = floatTensor('w', weightDims(c), 11, 1 / Math.sqrt((c.c / c.group) * c.k * c.k));
  const x = tensorValueInfo('x', FLOAT, xDims);
  const forward = modelOf([convNode(c)], [w], [x], [tensorValueInfo('y', FLOAT, yDims)]);
  const forms = {};
  for (const [form, flag] of Object.entries(flags)) {
    process.env.XAI_GRAPH = flag;
    const b = new GraphBuilder(17, FLOAT, ['x', 'w', 'y', 'dy', 'dx'], 'xai');
    const [dx] = convRule.vjp(convNode(c), ['dy'], {
      b,
      active: [true, false],
      initializers: new Map([['w', weightDims(c)]]),
      producers: new Map(),
    });
    delete process.env.XAI_GRAPH;
    const ops = b.nodes.map((node) => node.opType);
    // A form that does not apply falls back to ConvTranspose: not timed as that form.
    if (form !== 'transpose' && ops.includes('ConvTranspose')) continue;
    b.nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [dx], output: ['dx'] }));
    forms[form] = modelOf(
      b.nodes,
      [w, ...b.initializers],
      [x, tensorValueInfo('dy', FLOAT, yDims)],
      [tensorValueInfo('dx', FLOAT, xDims)],
    );
  }
  const feeds = {
    x: new ort.Tensor('float32', rand(numel(xDims), 3), xDims),
    dy: new ort.Tensor('float32', rand(numel(yDims), 5), yDims),
  };
  return { forward, forms, feeds, macs: numel(yDims) * (c.c / c.group) * c.k * c.k };
}

/**
 * Runs each named session in turns until the budget is spent (and at least minRounds rounds),
 * the order rotating each round; per name the list of times. Checks outputs agree.
 */
async function timeInTurns(graphs, feeds, fetchOf) {
  const names = Object.keys(graphs);
  const sessions = {};
  for (const name of names)
    sessions[name] = await ort.InferenceSession.create(graphs[name], sessionOptions);
  const outputs = {};
  for (const name of names) {
    // Two untimed runs (the arena's first growth, the blocked weights' packing).
    await sessions[name].run(feeds, [fetchOf(name)]);
    outputs[name] = (await sessions[name].run(feeds, [fetchOf(name)]))[fetchOf(name)].data;
  }
  const times = Object.fromEntries(names.map((n) => [n, []]));
  const t0 = performance.now();
  for (let r = 0; r < 200; r++) {
    if (r >= minRounds && performance.now() - t0 > budgetMs) break;
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length];
      const t = performance.now();
      await sessions[name].run(feeds, [fetchOf(name)]);
      times[name].push(performance.now() - t);
    }
  }
  for (const name of names) await sessions[name].release();
  return { times, outputs };
}

/** Max abs difference between the forms' outputs over the largest abs value. */
function agreement(outputs, names) {
  const ref = outputs[names[0]];
  let max = 0;
  for (const v of ref) max = Math.max(max, Math.abs(v));
  let diff = 0;
  for (const name of names.slice(1)) {
    const o = outputs[name];
    for (let i = 0; i < ref.length; i++) diff = Math.max(diff, Math.abs(o[i] - ref[i]));
  }
  return max > 0 ? diff / max : diff;
}

/** The strided Convs (and the Conv + Clip pairs) of a model, with the Conv's input size. */
async function modelShapes(name) {
  const path = join(root, `bench/.models/${name}.onnx`);
  const decoded = decodeOnnxModel(await readModelBytes(path), path);
  const graph = readGraph(decoded);
  const convs = graph.nodes.filter((n) => n.opType === 'Conv');
  const input = graph.model.graph.input.find((v) => !graph.initializers.has(v.name));
  const sample = input.type.tensorType.shape.dim.slice(1).map((d) => Number(d.dimValue));
  const probe = convs.map((n, i) => ({ node: n, out: `bench/shape_${i}` }));
  const model = withGraph(graph.model, {
    nodes: [
      ...graph.nodes,
      ...probe.map((p) =>
        onnx.NodeProto.create({ opType: 'Shape', input: [p.node.input[0]], output: [p.out] }),
      ),
    ],
    initializers: graph.model.graph.initializer ?? [],
    inputs: [input],
    outputs: probe.map((p) => tensorValueInfo(p.out, onnx.TensorProto.DataType.INT64, undefined)),
  });
  const s = await ort.InferenceSession.create(encodeModel(model), sessionOptions);
  const dims = [1, ...sample];
  const r = await s.run({
    [input.name]: new ort.Tensor('float32', new Float32Array(numel(dims)), dims),
  });
  await s.release();
  const strided = [];
  const clips = [];
  const users = new Map();
  for (const n of graph.nodes)
    for (const i of n.input ?? []) users.set(i, [...(users.get(i) ?? []), n]);
  for (const p of probe) {
    const n = p.node;
    const [, c, h, w] = Array.from(r[p.out].data, Number);
    const wDims = graph.initializers.get(n.input[1]).dims.map(Number);
    const group = attrInt(n, 'group', 1);
    const spec = {
      c,
      m: wDims[0],
      k: wDims[2],
      s: (attrInts(n, 'strides') ?? [1, 1])[0],
      p: (attrInts(n, 'pads') ?? [0, 0, 0, 0])[0],
      group,
      h,
      w,
      from: name,
    };
    if (spec.s > 1) strided.push(spec);
    const clip = (users.get(n.output[0]) ?? []).find((u) => u.opType === 'Clip');
    if (clip) clips.push(spec);
  }
  return { strided, clips };
}

function gridShapes() {
  const out = [];
  for (const c of [16, 64, 256, 512])
    for (const h of [7, 28, 112])
      for (const k of [1, 3, 7]) {
        out.push({ c, m: c, k, s: 2, p: Math.floor(k / 2), group: 1, h, w: h, from: 'grid' });
      }
  for (const c of [16, 64, 256, 512])
    for (const h of [7, 28, 112])
      out.push({ c, m: c, k: 3, s: 2, p: 1, group: c, h, w: h, from: 'grid dw' });
  return out;
}

const unique = (specs) => [...new Map(specs.map((c) => [key(c), c])).values()];

if (part === 'conv') {
  const specs = [];
  for (const name of models) specs.push(...(await modelShapes(name)).strided);
  if (grid) specs.push(...gridShapes());
  const flags = {
    transpose: 'strided-transpose',
    polyphase: 'strided-polyphase',
    split: 'strided-split',
    dilated: 'strided-dilated',
  };
  console.log(
    `strided Conv adjoints, single-op graphs, ${threads} threads, ~${budgetMs} ms a shape`,
  );
  console.log(
    '| shape | from | batch | forward ms | ConvTranspose ms (/fwd) | polyphase ms (/fwd) | split ms (/fwd) | dilated ms (/fwd) | winner | rule | rounds | load |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |');
  const { chooseStridedForm } = await src('rules/strided-adjoint.ts');
  for (const c of unique(specs))
    for (const n of batches) {
      if (macsOf(c) * n > maxMacs) continue;
      // The dilated form of a kernel-equals-stride patch embedding does s² the work on zeros.
      const g = convGraphs(
        c,
        n,
        c.k >= 8 ? { transpose: flags.transpose, polyphase: flags.polyphase } : flags,
      );
      const graphs = { forward: g.forward, ...g.forms };
      const { times, outputs } = await timeInTurns(graphs, g.feeds, (name) =>
        name === 'forward' ? 'y' : 'dx',
      );
      const forms = Object.keys(g.forms);
      const med = Object.fromEntries(Object.keys(graphs).map((k) => [k, median(times[k])]));
      const winner = forms.reduce((a, f) => (med[f] < med[a] ? f : a), forms[0]);
      const rule = chooseStridedForm({
        channels: c.c,
        outputs: c.m,
        group: c.group,
        kernel: [c.k, c.k],
        stride: c.s,
      });
      const cell = (f) =>
        med[f] === undefined ? '–' : `${med[f].toFixed(2)} (${(med[f] / med.forward).toFixed(2)})`;
      console.log(
        `| ${key(c)} | ${c.from} | ${n} | ${med.forward.toFixed(2)} | ${cell('transpose')} | ${cell('polyphase')} | ${cell('split')} | ${cell('dilated')} | ${winner} | ${rule} | ${times.forward.length} | ${load()} |`,
      );
      console.error(
        JSON.stringify({
          shape: key(c),
          from: c.from,
          batch: n,
          medians: med,
          perRoundOverTranspose: Object.fromEntries(
            forms.map((f) => [f, times[f].map((t, i) => +(t / times.transpose[i]).toFixed(3))]),
          ),
          relDiff: agreement(outputs, forms),
          macs: g.macs * n,
          load: loadavg()[0],
        }),
      );
    }
}

if (part === 'clip') {
  const { clips } = await modelShapes('mobilenet_v2');
  console.log(`Clip after Conv (MobileNet V2), single-op graphs, ${threads} threads`);
  console.log(
    '| Conv | batch | Conv+Clip ms | + Equal mask ms (/fwd) | + mask from output ms (/fwd) | output / Equal | rounds | load |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of unique(clips))
    for (const n of batches) {
      const xDims = [n, c.c, c.h, c.w];
      const yDims = [n, c.m, outSize(c.h, c), outSize(c.w, c)];
      const w = floatTensor('w', weightDims(c), 11, 1 / Math.sqrt((c.c / c.group) * c.k * c.k));
      const conv = convNode(c, 'pre');
      const clip = onnx.NodeProto.create({
        name: 'clip',
        opType: 'Clip',
        input: ['pre', 'lo', 'hi'],
        output: ['y'],
      });
      const bounds = [
        onnx.TensorProto.create({
          name: 'lo',
          dataType: FLOAT,
          dims: [],
          rawData: new Uint8Array(new Float32Array([0]).buffer),
        }),
        onnx.TensorProto.create({
          name: 'hi',
          dataType: FLOAT,
          dims: [],
          rawData: new Uint8Array(new Float32Array([0.2]).buffer),
        }),
      ];
      const inputs = [tensorValueInfo('x', FLOAT, xDims)];
      const yInfo = tensorValueInfo('y', FLOAT, yDims);
      const graphs = { forward: modelOf([conv, clip], [w, ...bounds], inputs, [yInfo]) };
      for (const [form, flag] of [
        ['equal', 'legacy-clip'],
        ['output', ''],
      ]) {
        process.env.XAI_GRAPH = flag;
        const b = new GraphBuilder(
          17,
          FLOAT,
          ['x', 'w', 'pre', 'y', 'lo', 'hi', 'dy', 'dx'],
          'xai',
        );
        const [dx] = clipRule.vjp(clip, ['dy'], {
          b,
          active: [true, false, false],
          producers: new Map([['pre', conv]]),
        });
        delete process.env.XAI_GRAPH;
        b.nodes.push(onnx.NodeProto.create({ opType: 'Identity', input: [dx], output: ['dx'] }));
        graphs[form] = modelOf(
          [conv, clip, ...b.nodes],
          [w, ...bounds, ...b.initializers],
          [...inputs, tensorValueInfo('dy', FLOAT, yDims)],
          [yInfo, tensorValueInfo('dx', FLOAT, yDims)],
        );
      }
      const feeds = {
        x: new ort.Tensor('float32', rand(numel(xDims), 3), xDims),
        dy: new ort.Tensor('float32', rand(numel(yDims), 5), yDims),
      };
      const { times } = await timeInTurns(graphs, feeds, (name) =>
        name === 'forward' ? 'y' : 'dx',
      );
      const med = Object.fromEntries(Object.keys(graphs).map((k) => [k, median(times[k])]));
      const cell = (f) => `${med[f].toFixed(2)} (${(med[f] / med.forward).toFixed(2)})`;
      console.log(
        `| ${key(c)} | ${n} | ${med.forward.toFixed(2)} | ${cell('equal')} | ${cell('output')} | ${(med.output / med.equal).toFixed(2)} | ${times.forward.length} | ${load()} |`,
      );
      console.error(
        JSON.stringify({
          shape: key(c),
          batch: n,
          medians: med,
          perRoundOutputOverEqual: times.output.map((t, i) => +(t / times.equal[i]).toFixed(3)),
          load: loadavg()[0],
        }),
      );
    }
}

if (part === 'whole') {
  const { loadOnnxModel } = await src('load-onnx-model.ts');
  const [oldFlag, newFlag] = option('--sides', 'strided-previous;').split(';');
  const repeat = Number(option('--repeat', '5'));
  console.log(
    `whole VJP graphs, XAI_GRAPH="${oldFlag}" (old) against "${newFlag}" (new), ${threads} threads`,
  );
  console.log('| model | batch | old ms | new ms | old / new (medians) | per round | load |');
  console.log('| --- | ---: | ---: | ---: | ---: | --- | ---: |');
  for (const name of models) {
    const path = join(root, `bench/.models/${name}.onnx`);
    const opts = { threads, memoryLimitBytes: 8 * 2 ** 30 };
    const sides = [await loadOnnxModel(path, opts), await loadOnnxModel(path, opts)];
    for (const n of batches) {
      const dims = [n, ...sides[0].inputShape];
      const x = { shape: dims, data: rand(numel(dims), 7) };
      const u = { shape: [n, sides[0].numClasses], data: rand(n * sides[0].numClasses, 9) };
      // The graph is built at the first call, under the side's variable.
      for (const [i, flag] of [oldFlag, newFlag].entries()) {
        process.env.XAI_GRAPH = flag;
        await sides[i].vjp(x, u);
        delete process.env.XAI_GRAPH;
      }
      const times = [[], []];
      for (let r = 0; r < repeat; r++) {
        for (const i of r % 2 === 0 ? [0, 1] : [1, 0]) {
          const t = performance.now();
          await sides[i].vjp(x, u);
          times[i].push(performance.now() - t);
        }
      }
      const [o, m] = times.map(median);
      const rounds = times[0].map((t, i) => (t / times[1][i]).toFixed(2)).join(', ');
      console.log(
        `| ${name} | ${n} | ${o.toFixed(1)} | ${m.toFixed(1)} | ${(o / m).toFixed(3)} | ${rounds} | ${load()} |`,
      );
    }
    for (const s of sides) await s.dispose();
  }
}
