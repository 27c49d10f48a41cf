import { readersOf } from '../graph/graph.js';
import { intTensorValues } from '../graph/tensor-values.js';
import type { NodeProto, TensorProto } from '../onnx-proto.js';
import { constantOps } from '../rules/registry.js';

/**
 * A tensor cut along one axis into Slices that follow one another and cover it, and read by
 * nothing else: torch's attention cuts q, k and v out of one projection so (ViT-B/16, 12
 * layers). Its cotangent is the Slices' cotangents concatenated, one pass over its size,
 * where padding each back to the whole size and summing the pads reads and writes it four
 * times.
 */
export interface SlicePartition {
  /** The axis cut, counted from 0. */
  readonly axis: number;
  /** The Slices' outputs, in order along the axis. */
  readonly parts: readonly string[];
}

/**
 * The sliced tensors among the inputs of `pathNodes`' Slices, by name. A partition is
 * proved by names and constants, then checked against the probe: Slices with steps of 1 on
 * one constant axis, the first starting at the constant 0, each next one starting at the
 * tensor (or the constant) the one before ends at, the probed sizes adding up to the
 * tensor's, and no other reader on the path but ops with no derivative. Slice clamps a start
 * and an end by the same rule, so a shared tensor is the same position; the probe's sizes
 * rule out empty or reversed ranges. Anything else, or no probed shapes: none (each Slice
 * then pads its own cotangent).
 */
export function findSlicePartitions(
  allNodes: readonly NodeProto[],
  pathNodes: readonly NodeProto[],
  constants: (name: string) => TensorProto | undefined,
  shapes: ReadonlyMap<string, readonly number[]> | undefined,
  opset: number,
): Map<string, SlicePartition> {
  const found = new Map<string, SlicePartition>();
  if (!shapes || opset < 10) return found;
  const readers = readersOf(allNodes);
  const onPath = new Set(pathNodes);
  for (const node of pathNodes) {
    const x = node.input?.[0];
    if (node.opType !== 'Slice' || !x || found.has(x)) continue;
    // Readers off the path, or whose outputs carry no derivative (Shape, Size, comparisons),
    // send x no cotangent.
    const slices = (readers.get(x) ?? []).filter(
      (n) => onPath.has(n) && !constantOps.has(n.opType ?? ''),
    );
    const partition = partitionOf(x, slices, constants, shapes);
    if (partition) found.set(x, partition);
  }
  return found;
}

function partitionOf(
  x: string,
  slices: readonly NodeProto[],
  constants: (name: string) => TensorProto | undefined,
  shapes: ReadonlyMap<string, readonly number[]>,
): SlicePartition | undefined {
  const shape = shapes.get(x);
  if (!shape || slices.length < 2) return undefined;
  const ints = (name: string | undefined) => {
    const t = name ? constants(name) : undefined;
    return t ? intTensorValues(t) : undefined;
  };
  // A start or an end as a key: its constant value read as Slice reads it (from the end
  // when negative, clamped to the axis, whose size the probe saw), or its tensor's name.
  const key = (name: string, size: number) => {
    const v = ints(name);
    if (!v) return `tensor ${name}`;
    if (v.length !== 1) return undefined;
    const at = v[0]! < 0 ? v[0]! + size : v[0]!;
    return `value ${Math.min(Math.max(at, 0), size)}`;
  };
  let axis: number | undefined;
  const cuts: Array<{ start: string; end: string; out: string }> = [];
  for (const s of slices) {
    const [data, starts, ends, axesName, stepsName] = s.input ?? [];
    const plain = !s.domain || s.domain === 'ai.onnx';
    if (s.opType !== 'Slice' || !plain || data !== x || !starts || !ends) {
      return undefined;
    }
    if ([starts, ends, axesName, stepsName].includes(x)) return undefined;
    if (stepsName && ints(stepsName)?.every((v) => v === 1) !== true) return undefined;
    // Without axes, the axes are the first ones, as many as there are starts.
    const axes = axesName ? ints(axesName) : ints(starts)?.length === 1 ? [0] : undefined;
    if (axes?.length !== 1) return undefined;
    const a = axes[0]! < 0 ? axes[0]! + shape.length : axes[0]!;
    if (a < 0 || a >= shape.length || (axis !== undefined && a !== axis)) return undefined;
    axis = a;
    const [start, end] = [key(starts, shape[a]!), key(ends, shape[a]!)];
    const out = s.output?.[0];
    if (!start || !end || !out) return undefined;
    cuts.push({ start, end, out });
  }
  if (axis === undefined) return undefined;
  // Follow the chain from the cut at 0; each step must be the only one that fits.
  const parts: string[] = [];
  let at = 'value 0';
  while (parts.length < cuts.length) {
    const next = cuts.filter((c) => c.start === at);
    if (next.length !== 1 || parts.includes(next[0]!.out)) return undefined;
    parts.push(next[0]!.out);
    at = next[0]!.end;
  }
  let covered = 0;
  for (const p of parts) {
    const s = shapes.get(p);
    if (!s || s.length !== shape.length) return undefined;
    if (s.some((d, i) => i !== axis && d !== shape[i])) return undefined;
    if (!(s[axis]! > 0)) return undefined;
    covered += s[axis]!;
  }
  return covered === shape[axis] ? { axis, parts } : undefined;
}
