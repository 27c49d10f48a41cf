import { type ChildProcess, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy, npyToTensor } from '@xai/core';
import { fixtureModelPath, fixturePath } from '@xai/fixtures';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedis } from './redis-server.js';
import { bin, runCli } from './run-cli.js';

const redis = await testRedis();
if (!('stop' in redis)) {
  // A skipped distributed test must not pass unnoticed in CI.
  if (process.env.CI === 'true') throw new Error(`the queue tests need Redis: ${redis.reason}`);
  console.warn(`skipping the queue tests: ${redis.reason}`);
}

const args = (out: string, model = fixtureModelPath('cnn'), samples = 4) => [
  'evaluate',
  '--model',
  model,
  '--input',
  fixturePath('inputs.npy'),
  '--labels',
  fixturePath('labels.npy'),
  '--methods',
  'occlusion,rise',
  '--metrics',
  'insertion,deletion,sparseness',
  '--samples',
  String(samples),
  '--set',
  'rise.masks=1500',
  '--set',
  'occlusion.window=4',
  '--set',
  'insertion.pixelsPerStep=56',
  '--out',
  out,
];

type Report = { summary: unknown; failed?: unknown[] };
const children: ChildProcess[] = [];
const start = (a: string[]) => {
  const c = spawn(process.execPath, [bin, ...a], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  c.stdout!.on('data', (d) => {
    stdout += d;
  });
  c.stderr!.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number>((r) => c.on('exit', (code) => r(code ?? -1)));
  children.push(c);
  return { c, exited, out: () => stdout, err: () => stderr };
};
const until = async (test: () => boolean, what: string, ms = 120_000) => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
const scores = (dir: string) =>
  Object.fromEntries(
    readFileSync(join(dir, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; score: number | null; curve?: number[] })
      .map((r) => [r.id, [r.score, r.curve]]),
  );
const ids = (dir: string) =>
  readFileSync(join(dir, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { id: string }).id);

describe.skipIf(!redis.url)('xai evaluate --queue with xai worker', () => {
  const url = redis.url!;
  const worker = () => start(['worker', '--queue', url, '--lock-duration', '1000', '--json']);
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    if ('stop' in redis) await redis.stop();
  });

  it('three workers, one killed mid-job, the coordinator killed and restarted: the in-process table', async () => {
    const local = mkdtempSync(join(tmpdir(), 'xai-local-'));
    const alone = await runCli([...args(local), '--json'], 300_000);
    expect(alone.code, alone.stderr).toBe(0);

    const dir = mkdtempSync(join(tmpdir(), 'xai-queue-'));
    const first = start([...args(dir), '--queue', url]);
    await until(() => first.err().includes('results to collect'), 'the jobs to be enqueued');
    const workers = [worker(), worker(), worker()];
    // Killed right after its first job, while it runs its second.
    await until(() => workers[0]!.out().includes('"done":true'), 'a first job of worker 0');
    workers[0]!.c.kill('SIGKILL');
    // The coordinator killed once something is collected; a new one collects the rest.
    const log = join(dir, 'results.jsonl');
    await until(() => existsSync(log) && statSync(log).size > 0, 'a first result collected');
    first.c.kill('SIGKILL');
    await first.exited;
    const again = start([...args(dir), '--queue', url, '--json']);
    expect(await again.exited, again.err()).toBe(0);
    const report = JSON.parse(again.out()) as Report;
    expect(report.failed).toEqual([]);
    expect(report.summary).toEqual((JSON.parse(alone.stdout) as Report).summary);
    const got = ids(dir);
    expect(got).toHaveLength(4 * 2 * 3);
    expect(new Set(got).size).toBe(got.length);
    // Result by result, the same identities and bit-for-bit the same scores and curves.
    expect(scores(dir)).toEqual(scores(local));
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toBe(
      readFileSync(join(local, 'summary.md'), 'utf8'),
    );
    // A re-run enqueues nothing and computes nothing: everything is in the store.
    const rerun = await runCli([...args(dir), '--queue', url, '--json'], 120_000);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ computed: 0, reused: 24 });
    for (const w of workers.slice(1)) w.c.kill('SIGTERM');
    await Promise.all(workers.slice(1).map((w) => w.exited));
  }, 600_000);

  it('a job whose model file a worker cannot see fails there and in the coordinator summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-queue-'));
    const model = join(dir, 'copy.onnx');
    copyFileSync(fixtureModelPath('cnn'), model);
    // Another seed: jobs of their own (the same bytes and seed would reuse the first test's).
    const coordinator = start([
      ...args(join(dir, 'out'), model, 1),
      '--seed',
      '99',
      '--queue',
      url,
    ]);
    await until(() => coordinator.err().includes('results to collect'), 'the jobs to be enqueued');
    rmSync(model);
    const w = worker();
    expect(await coordinator.exited).toBe(2);
    expect(coordinator.out()).toMatch(
      new RegExp(
        `failed: \\S+ occlusion: Expected the model file '${model}' on this worker but it does not exist`,
      ),
    );
    expect(coordinator.err()).toMatch(/Expected every job to finish but 2 failed/);
    await until(() => w.err().includes('does not exist'), 'the worker to report the failure');
    w.c.kill('SIGTERM');
    await w.exited;
  }, 300_000);

  it('masks and the set reach the metrics on a worker as in process (same summary)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-queue-masks-'));
    const x = npyToTensor(new Uint8Array(readFileSync(fixturePath('inputs.npy'))));
    const masks = x.data.subarray(0, 4 * 784).map((v) => (v > 0.5 ? 1 : 0));
    writeFileSync(join(dir, 'masks.npy'), encodeNpy({ data: masks, shape: [4, 1, 28, 28] }));
    const a = (out: string) => [
      'evaluate',
      '--model',
      fixtureModelPath('cnn'),
      '--input',
      fixturePath('inputs.npy'),
      '--labels',
      fixturePath('labels.npy'),
      '--methods',
      'saliency',
      '--metrics',
      'auc,attribution-localisation,pointing-game,sufficiency',
      '--masks',
      join(dir, 'masks.npy'),
      '--samples',
      '4',
      '--seed',
      '7',
      '--out',
      out,
      '--json',
    ];
    const alone = await runCli(a(join(dir, 'local')), 300_000);
    expect(alone.code, alone.stderr).toBe(0);
    const w = worker();
    const queued = await runCli([...a(join(dir, 'queued')), '--queue', url], 300_000);
    expect(queued.code, queued.stderr).toBe(0);
    const report = JSON.parse(queued.stdout) as Report;
    expect(report.failed).toEqual([]);
    expect(report.summary).toEqual((JSON.parse(alone.stdout) as Report).summary);
    expect(ids(join(dir, 'queued')).sort()).toEqual(ids(join(dir, 'local')).sort());
    w.c.kill('SIGTERM');
    await w.exited;
  }, 600_000);
});
