/**
 * The messages between the playground page and its Web Worker (worker.ts), which holds
 * the model and runs the methods so the page stays responsive. Every request carries an
 * `id`; the answers to it carry the same `id`.
 */
import type { ProgressEvent } from '@xai/core';

export type ModelSource =
  | { readonly url: string; readonly name: string }
  | { readonly bytes: ArrayBuffer; readonly name: string };

export type ToWorker =
  | {
      readonly type: 'load';
      readonly id: number;
      readonly model: ModelSource;
      /** ONNX Runtime's WASM threads; only the first load sets them (a global of the runtime). */
      readonly threads: number;
      /** Larger models are refused before any download or parse (the page's limit). */
      readonly maxModelBytes: number;
    }
  | {
      readonly type: 'explain';
      readonly id: number;
      readonly method: string;
      readonly options: Record<string, unknown>;
      /** One sample in model units, `[1, ...inputShape]`. */
      readonly input: { readonly data: Float32Array; readonly shape: readonly number[] };
      readonly target: number | 'predicted';
      readonly seed: number;
      readonly domain?: { readonly mean: readonly number[]; readonly std: readonly number[] };
      /** Also compute insertion and deletion curves for the map. */
      readonly curves: boolean;
    }
  | { readonly type: 'cancel'; readonly id: number };

export interface LoadedModel {
  readonly name: string;
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  /** Set when the model has ops with no derivative rule: gradient methods cannot run. */
  readonly gradientProblem?: string;
  /** The WASM threads ONNX Runtime really uses (1 without cross-origin isolation). */
  readonly threads: number;
}

export interface Curve {
  readonly auc: number;
  readonly values: readonly number[];
}

export type FromWorker =
  | ({ readonly type: 'loaded'; readonly id: number } & LoadedModel)
  | ({ readonly type: 'progress'; readonly id: number } & ProgressEvent)
  | {
      readonly type: 'result';
      readonly id: number;
      readonly map: Float32Array;
      readonly shape: readonly number[];
      readonly target: number;
      readonly probabilities: readonly number[];
      readonly ms: number;
    }
  | {
      readonly type: 'curves';
      readonly id: number;
      readonly insertion: Curve;
      readonly deletion: Curve;
    }
  | {
      readonly type: 'error';
      readonly id: number;
      readonly code: string;
      readonly message: string;
    };
