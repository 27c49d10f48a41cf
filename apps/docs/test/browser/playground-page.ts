/// <reference lib="dom" />
/**
 * Drives the playground page (docs/playground.md) through the hook it exposes on
 * `window.xaiPlayground`: set fields, drop files, run, cancel, and read back the input,
 * the map, the curves and any error.
 */
import type { Page } from 'playwright-core';

export interface PlaygroundRun {
  readonly map?: number[];
  readonly shape?: number[];
  readonly target?: number;
  readonly input?: number[];
  readonly curves?: { insertion: { auc: number }; deletion: { auc: number } };
  readonly error?: { code: string; message: string };
}

interface Hook {
  ready?: boolean;
  model?: { name: string; threads: number; crossOriginIsolated: boolean; gradientProblem?: string };
  result?: { map: Float32Array; shape: number[]; target: number };
  input?: { data: Float32Array };
  curves?: PlaygroundRun['curves'];
  error?: { code: string; message: string };
  set(key: string, value: unknown): void;
  run(): void;
  cancel(): void;
  takeFiles(files: File[]): Promise<void>;
}
type W = Window & { xaiPlayground: Hook };

/** Waits until the page has its worker, a model and an image. */
export async function playgroundReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const h = (window as unknown as W).xaiPlayground;
      return Boolean(h?.ready && (h.model || h.error));
    },
    null,
    { timeout: 180_000 },
  );
}

export async function setField(page: Page, key: string, value: unknown): Promise<void> {
  await page.evaluate(
    ([k, v]) => (window as unknown as W).xaiPlayground.set(k as string, v),
    [key, value],
  );
  // Vue applies the change (and regenerates the method's form) on its next tick.
  await page.waitForTimeout(50);
}

/** Runs the chosen method and waits for the map (and the curves when they are on), or an error. */
export async function runPlayground(
  page: Page,
  curves: boolean,
  timeout = 120_000,
): Promise<PlaygroundRun> {
  await setField(page, 'withCurves', curves);
  await page.evaluate(() => (window as unknown as W).xaiPlayground.run());
  await page.waitForFunction(
    (withCurves) => {
      const h = (window as unknown as W).xaiPlayground;
      return Boolean(h.error || (h.result && (!withCurves || h.curves)));
    },
    curves,
    { timeout },
  );
  return page.evaluate(() => {
    const h = (window as unknown as W).xaiPlayground;
    return {
      map: h.result ? Array.from(h.result.map) : undefined,
      shape: h.result?.shape,
      target: h.result?.target,
      input: h.input ? Array.from(h.input.data) : undefined,
      curves: h.curves,
      error: h.error,
    };
  });
}

/** Drops files on the playground as a user's drag and drop does (a real DragEvent). */
export async function dropFiles(
  page: Page,
  files: readonly { name: string; type: string; bytes: Uint8Array }[],
): Promise<void> {
  const payload = files.map((f) => ({ ...f, bytes: Buffer.from(f.bytes).toString('base64') }));
  await page.evaluate((list) => {
    const transfer = new DataTransfer();
    for (const f of list) {
      const bytes = Uint8Array.from(atob(f.bytes), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name, { type: f.type }));
    }
    const target = document.querySelector('.xai-playground')!;
    target.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
  }, payload);
}

export async function modelState(page: Page): Promise<Hook['model']> {
  return page.evaluate(() => (window as unknown as W).xaiPlayground.model);
}

export async function errorState(page: Page): Promise<Hook['error']> {
  return page.evaluate(() => (window as unknown as W).xaiPlayground.error);
}

/** Waits until the model named `name` has loaded. */
export async function waitForModel(page: Page, name: string): Promise<void> {
  await page.waitForFunction(
    (n) => (window as unknown as W).xaiPlayground.model?.name === n,
    name,
    { timeout: 180_000 },
  );
}

export async function startRun(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as W).xaiPlayground.run());
}

export async function cancelRun(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as W).xaiPlayground.cancel());
}
