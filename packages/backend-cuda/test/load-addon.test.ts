import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XaiError } from '@xai/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addonCandidates } from '../src/addon-candidates.js';
import { loadAddon } from '../src/load-addon.js';
import { describeNativeBackend, isNativeAvailable } from '../src/native-backend.js';

const workspaceAddon = fileURLToPath(
  new URL('../../../native/build/Release/xai_native.node', import.meta.url),
);
const built = existsSync(workspaceAddon);

/** Candidates that cannot resolve to anything real: a scratch package root, no @xai/native. */
function nowhere(env: Record<string, string>) {
  const packageRoot = mkdtempSync(join(tmpdir(), 'xai-backend-cuda-'));
  return addonCandidates({ env, packageRoot, resolveNativePackage: () => undefined });
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('importing the package', () => {
  it('never loads the addon, so never throws', async () => {
    vi.stubEnv('XAI_NATIVE_ADDON', '/nowhere/xai_native.node');
    const mod = await import('../src/index.js');
    expect(typeof mod.isNativeAvailable).toBe('function');
  });
});

describe('addonCandidates', () => {
  it('tries XAI_NATIVE_ADDON, then prebuilds, then the workspace build', () => {
    const list = addonCandidates({
      env: { XAI_NATIVE_ADDON: '/opt/x/xai_native.node' },
      packageRoot: '/repo/packages/backend-cuda',
      platform: 'linux',
      arch: 'x64',
      resolveNativePackage: () => '/repo/native/package.json',
    });
    expect(list.map((c) => c.path)).toEqual([
      '/opt/x/xai_native.node',
      '/repo/packages/backend-cuda/prebuilds/linux-x64/xai_native.node',
      '/repo/native/build/Release/xai_native.node', // found both ways, listed once
    ]);
  });

  it('finds the workspace build from this package by default', () => {
    expect(addonCandidates({ env: {} }).map((c) => c.path)).toContain(workspaceAddon);
  });
});

describe('loadAddon', () => {
  it.skipIf(!built)('loads the workspace build and describes it', () => {
    expect(isNativeAvailable()).toBe(true);
    const d = describeNativeBackend();
    expect(d.napiVersion).toBe(8);
    expect(typeof d.version).toBe('string');
    expect(typeof d.compiler).toBe('string');
    expect(typeof d.cudaCompiled).toBe('boolean');
    expect(d.cudaDevices).toBeGreaterThanOrEqual(0);
    expect(d.threads).toBeGreaterThanOrEqual(1);
    if (d.cudaDevices === 0) expect(d.cudaError).toEqual(expect.any(String));
    expect(loadAddon().checkedSum(new Float32Array([1, 2, 3.5]))).toBe(6.5);
  });

  it('throws BACKEND_UNAVAILABLE listing every place tried and why', () => {
    const candidates = nowhere({ XAI_NATIVE_ADDON: '/nowhere/xai_native.node' });
    expect(candidates).toHaveLength(3);
    const e = thrown(() => loadAddon({ candidates }));
    expect(XaiError.isInstance(e)).toBe(true);
    const error = e as XaiError;
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    for (const c of candidates)
      expect(error.message).toContain(`${c.source}: ${c.path}: not found`);
    expect(error.message).toContain('Possible solutions:');
    expect(error.message).toContain('pnpm --filter @xai/native build');
    expect(error.message).toContain('--kernels js');
    expect(error.cause).toBeInstanceOf(AggregateError);
    expect((error.cause as AggregateError).errors).toHaveLength(3);
  });

  it('reports a file that is there but does not load, and goes on to the next', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xai-bogus-'));
    const bogus = join(dir, 'xai_native.node');
    writeFileSync(bogus, 'not a shared library');
    const candidates = [{ source: 'XAI_NATIVE_ADDON', path: bogus }, ...nowhere({})];
    const error = thrown(() => loadAddon({ candidates })) as XaiError;
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    const line = error.message.split('\n').find((l) => l.includes(bogus));
    expect(line).toBeDefined();
    expect(line).not.toContain('not found');
    if (built) {
      expect(
        loadAddon({
          candidates: [candidates[0]!, { source: 'workspace build', path: workspaceAddon }],
        }),
      ).toBeDefined();
    }
  });

  it('says so when there is nowhere to look', () => {
    const error = thrown(() => loadAddon({ candidates: [] })) as XaiError;
    expect(error.code).toBe('BACKEND_UNAVAILABLE');
    expect(error.message).toContain('no places to look');
  });

  it('isNativeAvailable() is false instead of throwing', () => {
    expect(isNativeAvailable({ candidates: nowhere({}) })).toBe(false);
  });
});

describe('addonCandidates in a checkout with a stale prebuild', () => {
  it('puts a workspace build newer than the prebuilt binary first', async () => {
    const { utimesSync, mkdirSync } = await import('node:fs');
    const root = mkdtempSync(join(tmpdir(), 'xai-stale-'));
    const packageRoot = join(root, 'packages', 'backend-cuda');
    const prebuilt = join(packageRoot, 'prebuilds', 'linux-x64', 'xai_native.node');
    const workspace = join(root, 'native', 'build', 'Release', 'xai_native.node');
    mkdirSync(join(packageRoot, 'prebuilds', 'linux-x64'), { recursive: true });
    mkdirSync(join(root, 'native', 'build', 'Release'), { recursive: true });
    writeFileSync(prebuilt, 'old');
    writeFileSync(workspace, 'new');
    const options = {
      env: {},
      packageRoot,
      platform: 'linux',
      arch: 'x64',
      resolveNativePackage: () => undefined,
    };
    utimesSync(prebuilt, new Date(1000), new Date(1000));
    utimesSync(workspace, new Date(2000), new Date(2000));
    expect(addonCandidates(options).map((c) => c.path)).toEqual([workspace, prebuilt]);
    utimesSync(workspace, new Date(500), new Date(500));
    expect(addonCandidates(options).map((c) => c.path)).toEqual([prebuilt, workspace]);
  });
});
