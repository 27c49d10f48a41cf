import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XaiError } from '@xai/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addonCandidates } from '../src/addon-candidates.js';
import { classifyLoadError } from '../src/addon-check.js';
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
    expect(d.buildType).toBe('Release');
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

describe('the version check and the help that fits the failure', () => {
  const expected = { version: '1.2.3', napiVersion: 9 };
  const dir = mkdtempSync(join(tmpdir(), 'xai-fake-addons-'));
  /** A CommonJS module standing in for an addon: `require` loads it as it would a .node. */
  function fake(name: string, body: string): string {
    const path = join(dir, `${name}.cjs`);
    writeFileSync(path, body);
    return path;
  }
  const describing = (d: Record<string, unknown>) =>
    `module.exports = { describe: () => (${JSON.stringify(d)}) };`;
  const current = fake(
    'current',
    describing({ version: '1.2.3', napiVersion: 8, buildType: 'Release', cudaCompiled: false }),
  );
  const stale = fake(
    'stale',
    describing({ version: '1.0.0', napiVersion: 8, buildType: 'Debug', cudaCompiled: true }),
  );
  const futureNapi = fake(
    'future-napi',
    describing({ version: '1.2.3', napiVersion: 99, buildType: 'Release', cudaCompiled: false }),
  );
  const foreign = fake('foreign', 'module.exports = { sum: () => 0 };');
  const broken = fake(
    'broken',
    "throw new Error('libcudart.so.12: cannot open shared object file: No such file or directory');",
  );
  // The first bytes of a 32-bit x86 ELF library: a binary for another architecture.
  const elf = join(dir, 'xai_native.node');
  const header = new Uint8Array(512);
  header.set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1]);
  header[16] = 3; // ET_DYN
  header[18] = 3; // EM_386
  writeFileSync(elf, header);
  const linux = process.platform === 'linux';
  const fail = (candidates: Array<{ source: string; path: string }>) =>
    thrown(() => loadAddon({ candidates, expected })) as XaiError;

  it('takes the first candidate of this version, whatever the order or age of the files', () => {
    const addon = loadAddon({
      candidates: [
        { source: 'prebuilt binary for linux-x64', path: stale },
        { source: 'workspace build', path: current },
      ],
      expected,
    });
    expect(addon.describe().version).toBe('1.2.3');
  });

  it('stale workspace build: says which versions differ and gives the rebuild command', () => {
    const e = fail([{ source: 'workspace build', path: stale }]);
    expect(e.code).toBe('BACKEND_UNAVAILABLE');
    expect(e.message).toContain(
      `workspace build: ${stale}: built for version 1.0.0 but this package is 1.2.3 (N-API 8, Debug, CUDA)`,
    );
    expect(e.message).toContain('Rebuild it, it is out of date: pnpm --filter @xai/native build');
    expect(e.message).not.toContain('Install cmake');
    expect(e.message).toContain('--kernels js');
  });

  it('stale prebuilt binary: reinstall the matching version', () => {
    const e = fail([{ source: 'prebuilt binary for linux-x64', path: stale }]);
    expect(e.message).toContain('npm install @xai/backend-cuda@1.2.3');
    expect(e.message).not.toContain('Rebuild it');
  });

  it('stale XAI_NATIVE_ADDON: point it at the right build or unset it', () => {
    const e = fail([{ source: 'XAI_NATIVE_ADDON', path: stale }]);
    expect(e.message).toContain('Point XAI_NATIVE_ADDON at a build of version 1.2.3, or unset it');
  });

  it.runIf(linux)('a binary for another architecture: what to install for this one', () => {
    const e = fail([{ source: 'prebuilt binary for linux-x64', path: elf }]);
    expect(e.message).toContain('wrong ELF class: ELFCLASS32');
    expect(e.message).toContain(
      `Install the binary for this machine (${process.platform}-${process.arch}, Node ${process.version}, N-API 9)`,
    );
    expect(e.message).toContain('npm rebuild @xai/backend-cuda --build-from-source');
    expect(e.message).not.toContain('Install cmake');
  });

  it.runIf(linux)('a workspace build for another architecture: rebuild it here', () => {
    const e = fail([{ source: 'workspace build', path: elf }]);
    expect(e.message).toContain(
      'Rebuild it on this machine, for this Node: pnpm --filter @xai/native build',
    );
    expect(e.message).not.toContain('npm rebuild');
  });

  it('an addon built for a newer N-API than this Node has', () => {
    const e = fail([{ source: 'XAI_NATIVE_ADDON', path: futureNapi }]);
    expect(e.message).toContain(
      `built for N-API 99 but this Node (${process.version}) has N-API 9`,
    );
    expect(e.message).toContain('Install the binary for this machine');
  });

  it('another module: not the xai addon', () => {
    const e = fail([{ source: 'XAI_NATIVE_ADDON', path: foreign }]);
    expect(e.message).toContain('not the xai addon (no describe() export)');
    expect(e.message).toContain("Point XAI_NATIVE_ADDON at xai's xai_native.node");
  });

  it('any other load failure: its first line, and the cause', () => {
    const e = fail([{ source: 'workspace build', path: broken }]);
    expect(e.message).toContain('libcudart.so.12: cannot open shared object file');
    expect(e.message).toContain('Read the first error in the cause, then rebuild');
    expect(((e.cause as AggregateError).errors[0] as Error).message).toContain('libcudart');
  });

  it('a wrong file says more than the places with none: no build-from-nothing help', () => {
    const e = fail([{ source: 'workspace build', path: stale }, ...nowhere({})]);
    expect(e.message).toContain('not found');
    expect(e.message).toContain('Rebuild it, it is out of date');
    expect(e.message).not.toContain('Build it:');
  });
});

describe('classifyLoadError', () => {
  it.each([
    ['/x/xai_native.node: invalid ELF header', 'platform'],
    ['/x/xai_native.node: wrong ELF class: ELFCLASS32', 'platform'],
    [
      'The module was compiled against a different Node.js version using NODE_MODULE_VERSION 108. This version of Node.js requires NODE_MODULE_VERSION 115.',
      'platform',
    ],
    ['dlopen(/x/xai_native.node): mach-o, but wrong architecture', 'platform'],
    ["/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found", 'platform'],
    ['EACCES: permission denied', 'broken'],
  ] as const)('%s -> %s', (message, problem) => {
    expect(classifyLoadError(new Error(message))).toBe(problem);
  });
});
