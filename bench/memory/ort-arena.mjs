// ONNX Runtime's own memory per forward row, by session option, without xai in between:
//
//   node bench/memory/ort-arena.mjs --model bench/.models/resnet50.onnx --arena 1 --pattern 1
//        --batches 64,64,32 [--threads 2]
//
// One session (CPU arena and memory pattern on or off) runs the batches in turn on a
// constant image; after each, prints the resident memory and its peak (VmHWM) and the
// peak's growth over the session's, per row of that batch. Run each setting in its own
// process (the peak is the process's).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { option } from '../options.mjs';

// The runtime @xai/backend-onnx depends on (the root does not).
const ort = createRequire(new URL('../../packages/backend-onnx/package.json', import.meta.url))(
  'onnxruntime-node',
);

const model = option('--model', 'bench/.models/resnet50.onnx');
const arena = option('--arena', '1') === '1';
const pattern = option('--pattern', '1') === '1';
const batches = option('--batches', '64,64,32').split(',').map(Number);
const threads = Number(option('--threads', '2'));

const statusMB = (field) =>
  Number(
    readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`))?.[1],
  ) / 1024;

const session = await ort.InferenceSession.create(readFileSync(model), {
  graphOptimizationLevel: 'all',
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  enableCpuMemArena: arena,
  enableMemPattern: pattern,
  extra: { session: { intra_op: { allow_spinning: '0' } } },
});
const [, ...sample] = session.inputMetadata?.[0]?.shape ?? [1, 3, 224, 224];
const shape = sample.every((d) => typeof d === 'number') ? sample : [3, 224, 224];
const base = statusMB('VmHWM');
for (const b of batches) {
  const x = new Float32Array(b * shape.reduce((a, d) => a * d, 1)).fill(0.1);
  const t0 = performance.now();
  await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', x, [b, ...shape]) });
  const hwm = statusMB('VmHWM');
  console.log(
    JSON.stringify({
      arena,
      pattern,
      batch: b,
      ms: Math.round(performance.now() - t0),
      rssMB: Math.round(statusMB('VmRSS')),
      peakMB: Math.round(hwm),
      peakGrowthPerRowMB: Math.round(((hwm - base) / b) * 100) / 100,
    }),
  );
}
await session.release();
