// The forms of a tiling MaxPool's VJP (square windows, stride = window, no pads), timed as
// graphs with inputs x, the pool's output y and the cotangent dy, against the forward
// MaxPool on the same x, per shape: the rule's own graphs (the default: window offsets by
// strided Slices and Wheres, MaxUnpool; XAI_GRAPH=legacy-maxpool: MaxPool re-run with indices
// and ScatterElements) and the forms tried and dropped in #23's seventh round, kept here as
// written then: the previous default (offsets as Mul/Sub masks, Concat and DepthToSpace), the
// same offsets through int64 Wheres, and masks against y broadcast over a 6-D view, y
// upsampled by Resize, or the four offsets as channels of a one-hot Conv. Every form's
// output must equal the indices form's bit for bit (the inputs are rounded so windows hold
// ties); the table says how many elements differ.
//
//   node bench/gradients/max-pool-forms.mjs [--shapes 400x16x28x28,400x32x14x14,8x64x112x112]
//        [--threads 1] [--rounds 9]
//
// Rounds alternate the forms (rotating which goes first); medians of the rounds after one
// untimed. Prints a Markdown table and one JSON line per row on stderr. Runs itself under
// vite-node (the rules are internal).
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { rerunUnderViteNode } from '../vite-node.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const backend = join(resolve(here, '..', '..'), 'packages/backend-onnx');
rerunUnderViteNode(import.meta.url, backend);

const { option } = await import('../options.mjs');
const src = (p) => import(join(backend, 'src', p));
const { GraphBuilder, INT64_MAX } = await src('graph/builder.ts');
const { attr } = await src('graph/attributes.ts');
const { encodeModel, FLOAT, tensorValueInfo } = await src('graph/graph.ts');
const { onnx } = await src('onnx-proto.ts');
const { maxPoolRule } = await src('rules/max-pool.ts');
const ort = createRequire(join(backend, 'package.json'))('onnxruntime-node');

const shapes = option('--shapes', '400x16x28x28,400x32x14x14,8x64x112x112')
  .split(',')
  .map((s) => s.split('x').map(Number));
const threads = Number(option('--threads', '1'));
const rounds = Number(option('--rounds', '9'));
const k = 2;
const poolAttrs = () => [attr.ints('kernel_shape', [k, k]), attr.ints('strides', [k, k])];

/** A graph of inputs x, y, dy and one output `out` made by `body(b, dims)`. */
function graph([N, C, H, W], body) {
  const b = new GraphBuilder(13, FLOAT, ['x', 'y', 'dy', 'out']);
  const out = body(b, { C, H, W, h: H / k, w: W / k });
  b.nodes.push(
    onnx.NodeProto.create({ name: 'o', opType: 'Identity', input: [out], output: ['out'] }),
  );
  const [h, w] = [H / k, W / k];
  return encodeModel(
    onnx.ModelProto.create({
      irVersion: 7,
      opsetImport: [{ domain: '', version: 13 }],
      graph: {
        name: 'forms',
        node: b.nodes,
        initializer: b.initializers,
        input: [
          tensorValueInfo('x', FLOAT, [N, C, H, W]),
          tensorValueInfo('y', FLOAT, [N, C, h, w]),
          tensorValueInfo('dy', FLOAT, [N, C, h, w]),
        ],
        output: [tensorValueInfo('out', FLOAT, undefined)],
      },
    }),
  );
}

/** The rule's VJP for a MaxPool x -> y under XAI_GRAPH=flags. */
const ruleForm =
  (flags) =>
  (b, { C, H, W }) => {
    const saved = process.env.XAI_GRAPH;
    process.env.XAI_GRAPH = flags;
    try {
      const node = { opType: 'MaxPool', input: ['x'], output: ['y'], attribute: poolAttrs() };
      const shapes = new Map([['x', [1, C, H, W]]]);
      return maxPoolRule.vjp(node, ['dy'], { b, active: [true], shapes })[0];
    } finally {
      if (saved === undefined) delete process.env.XAI_GRAPH;
      else process.env.XAI_GRAPH = saved;
    }
  };

const slice = (b, o) =>
  b.op('Slice', [
    'x',
    b.int64([Math.floor(o / k), o % k]),
    b.int64([INT64_MAX, INT64_MAX]),
    b.int64([2, 3]),
    b.int64([k, k]),
  ]);
/** Each window's first position in x, int64 of y's shape. */
function corners(b, { C, H, W, h, w }) {
  const range = (n, step, dims) =>
    b.int64(
      Array.from({ length: n }, (_, i) => i * step),
      dims,
    );
  const corner = b.op('Add', [
    b.op('Add', [range(C, H * W, [1, C, 1, 1]), range(h, k * W, [1, 1, h, 1])]),
    range(w, k, [1, 1, 1, w]),
  ]);
  const batch = b.op('Gather', [b.op('Shape', ['x']), b.int64(0)], [attr.int('axis', 0)]);
  const rows = b.op('Mul', [b.op('Range', [b.int64(0), batch, b.int64(1)]), b.int64(C * H * W)]);
  return b.op('Add', [b.op('Reshape', [rows, b.int64([-1, 1, 1, 1])]), corner]);
}
const unpool = (b, offsets, d) =>
  b.op(
    'MaxUnpool',
    ['dy', b.op('Add', [corners(b, d), offsets]), b.op('Shape', ['x'])],
    poolAttrs(),
  );
const six = (b, t, d, inner) => b.op('Reshape', [t, b.int64([-1, d.C, d.h, inner, d.w, inner])]);

const forms = {
  'indices (XAI_GRAPH=legacy-maxpool)': ruleForm('legacy-maxpool'),
  'default: Slice offsets, Where (float), MaxUnpool': ruleForm(''),
  'previous: Slice offsets, Mul/Sub, Concat, DepthToSpace': (b, { C, h, w }) => {
    const parts = [];
    let rest = 'dy';
    for (let o = 0; o < k * k - 1; o++) {
      const part = b.op('Mul', [
        rest,
        b.op('Cast', [b.op('Equal', [slice(b, o), 'y'])], [attr.int('to', FLOAT)]),
      ]);
      parts.push(part);
      rest = b.op('Sub', [rest, part]);
    }
    parts.push(rest);
    const stacked = b.op(
      'Concat',
      parts.map((p) => b.op('Reshape', [p, b.int64([-1, C, 1, h, w])])),
      [attr.int('axis', 2)],
    );
    return b.op(
      'DepthToSpace',
      [b.op('Reshape', [stacked, b.int64([-1, C * k * k, h, w])])],
      [attr.int('blocksize', k), attr.string('mode', 'CRD')],
    );
  },
  'Slice offsets, Where (int64), MaxUnpool': (b, d) => {
    const at = (o) => Math.floor(o / k) * d.W + (o % k);
    let off = b.int64(at(k * k - 1));
    for (let o = k * k - 2; o >= 0; o--)
      off = b.op('Where', [b.op('Equal', [slice(b, o), 'y']), b.int64(at(o)), off]);
    return unpool(b, off, d);
  },
  'one-hot Conv offsets, ArgMax, MaxUnpool': (b, d) => {
    const onehot = b.float(
      Array.from({ length: 16 }, (_, i) => (Math.floor(i / 4) === i % 4 ? 1 : 0)),
      [4, 1, k, k],
    );
    const planes = b.op(
      'Conv',
      [b.op('Reshape', ['x', b.int64([-1, 1, d.H, d.W])]), onehot],
      poolAttrs(),
    );
    const eq = b.op('Equal', [
      b.op('Reshape', [planes, b.int64([-1, d.C, k * k, d.h, d.w])]),
      b.op('Reshape', ['y', b.int64([-1, d.C, 1, d.h, d.w])]),
    ]);
    const first = b.op(
      'ArgMax',
      [b.op('Cast', [eq], [attr.int('to', FLOAT)])],
      [attr.int('axis', 2), attr.int('keepdims', 0)],
    );
    return unpool(
      b,
      b.op('Gather', [b.int64([0, 1, d.W, d.W + 1]), first], [attr.int('axis', 0)]),
      d,
    );
  },
  'masks over a 6-D view (broadcast y)': (b, d) => {
    const priority = b.float([4, 3, 2, 1], [1, 1, 1, k, 1, k]);
    const s = b.op('Where', [
      b.op('Equal', [six(b, 'x', d, k), six(b, 'y', d, 1)]),
      priority,
      b.float(0),
    ]);
    const best = six(
      b,
      b.op('MaxPool', [b.op('Reshape', [s, b.int64([-1, d.C, d.H, d.W])])], poolAttrs()),
      d,
      1,
    );
    const dx = b.op('Where', [b.op('Equal', [s, best]), six(b, 'dy', d, 1), b.float(0)]);
    return b.op('Reshape', [dx, b.int64([-1, d.C, d.H, d.W])]);
  },
  'masks against y upsampled by Resize': (b, d) => {
    const up = (t) =>
      b.op('Resize', [t, '', b.float([1, 1, k, k])], [attr.string('mode', 'nearest')]);
    const priority = b.float(
      Array.from(
        { length: d.H * d.W },
        (_, i) => k * k - ((Math.floor(i / d.W) % k) * k + ((i % d.W) % k)),
      ),
      [1, 1, d.H, d.W],
    );
    const s = b.op('Where', [b.op('Equal', ['x', up('y')]), priority, b.float(0)]);
    const best = up(b.op('MaxPool', [s], poolAttrs()));
    return b.op('Where', [b.op('Equal', [s, best]), up('dy'), b.float(0)]);
  },
};

/** x on a coarse grid (ties in windows), y its 2x2 max, dy uniform. */
function feeds([N, C, H, W]) {
  const [h, w] = [H / k, W / k];
  let s = 12345;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const x = new Float32Array(N * C * H * W).map(() => Math.round(rand() * 4));
  const y = new Float32Array(N * C * h * w);
  for (let p = 0; p < N * C; p++)
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++) {
        let m = -Infinity;
        for (let a = 0; a < k; a++)
          for (let c = 0; c < k; c++) m = Math.max(m, x[p * H * W + (i * k + a) * W + j * k + c]);
        y[p * h * w + i * w + j] = m;
      }
  const dy = new Float32Array(N * C * h * w).map(() => rand() - 0.5);
  return {
    x: new ort.Tensor('float32', x, [N, C, H, W]),
    y: new ort.Tensor('float32', y, [N, C, h, w]),
    dy: new ort.Tensor('float32', dy, [N, C, h, w]),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sessionOptions = {
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
};
console.log(
  `MaxPool 2x2 / 2 VJP forms, ${threads} thread(s), ${rounds} rounds; load ${loadavg()[0].toFixed(2)}\n`,
);
console.log('| input shape | form | ms | / forward MaxPool | elements unlike the indices form |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const shape of shapes) {
  const input = feeds(shape);
  const forward = await ort.InferenceSession.create(
    graph(shape, (b) => b.op('MaxPool', ['x'], poolAttrs())),
    sessionOptions,
  );
  const names = Object.keys(forms);
  const sessions = [forward];
  for (const n of names)
    sessions.push(await ort.InferenceSession.create(graph(shape, forms[n]), sessionOptions));
  const times = sessions.map(() => []);
  const outputs = [];
  for (let r = 0; r <= rounds; r++) {
    for (let j = 0; j < sessions.length; j++) {
      const i = (j + r) % sessions.length;
      const t0 = performance.now();
      const out = (await sessions[i].run(input)).out.data;
      const dt = performance.now() - t0;
      if (r === 0) outputs[i] = out;
      else times[i].push(dt);
    }
  }
  const base = median(times[0]);
  const reference = outputs[1];
  names.forEach((n, f) => {
    const out = outputs[f + 1];
    let unlike = 0;
    for (let i = 0; i < out.length; i++) if (out[i] + 0 !== reference[i] + 0) unlike++;
    const ms = median(times[f + 1]);
    console.log(
      `| ${shape.join('x')} | ${n} | ${ms.toFixed(2)} | ${(ms / base).toFixed(2)} | ${unlike} |`,
    );
    console.error(JSON.stringify({ shape, form: n, ms, forwardMs: base, unlike }));
  });
  console.log(`| ${shape.join('x')} | forward MaxPool | ${base.toFixed(2)} | 1.00 | |`);
  for (const s of sessions) await s.release();
}
console.log(`\nload at the end ${loadavg()[0].toFixed(2)}`);
