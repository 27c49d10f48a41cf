import { XaiError } from '@xai/core';
import { attr, attrFloat, attrInt, attrString } from '../graph/attributes.js';
import { opKey } from '../graph/graph.js';
import type { NodeProto } from '../onnx-proto.js';
import { sumAll, unsqueezeAt } from './common.js';
import type { OpRule, RuleContext } from './rule.js';

/**
 * RNN, GRU and LSTM, all directions, layout 0, with the spec's default activations
 * (Sigmoid, Tanh; LSTM peepholes allowed; GRU either linear_before_reset). Each node is unrolled, at derivative-graph build time, into
 * per-step default-domain ops (MatMul, Add, Slice, Sigmoid, Tanh, Mul, Concat, ...) that
 * recompute its outputs, and those ops are differentiated by their own rules: the
 * backward pass through time is then exactly the chain rule of the unrolled steps.
 * Unrolling (rather than a Scan) keeps every derivative an ordinary op with a tested rule;
 * it needs the sequence length, which the shape probe gives, and grows the graph with it.
 */
export function recurrentRule(lookup: () => ReadonlyMap<string, OpRule>): OpRule {
  return {
    differentiable: () => [0, 5, 6],
    constantInputs: [4],
    check(node) {
      if (node.input?.[4]) return 'sequence_lens is not supported';
      if (attrFloat(node, 'clip', 0) !== 0) return 'clip is not supported';
      if (attrInt(node, 'input_forget', 0) !== 0) return 'input_forget is not supported';
      // ONNX Runtime's CPU kernels refuse it, so a rule for it could not be checked.
      if (attrInt(node, 'layout', 0) !== 0) return 'layout=1 is not supported';
      const acts = (node.attribute ?? []).find((a) => a.name === 'activations');
      if (acts) {
        const names = (acts.strings ?? []).map((s) => new TextDecoder().decode(s));
        const want = defaults(node.opType!);
        const dirs = names.length / want.length;
        if (
          names.some((n, i) => n.toLowerCase() !== want[i % want.length]!.toLowerCase()) ||
          dirs < 1
        )
          return `activations ${names.join(', ')} are not supported (only the defaults)`;
      }
      return undefined;
    },
    vjp(node, cotangents, ctx) {
      const { outputs, steps, live } = unroll(node, ctx);
      const cts = new Map<string, string[]>();
      outputs.forEach((o, i) => {
        if (o && cotangents[i]) cts.set(o, [cotangents[i]!]);
      });
      const rules = lookup();
      for (let k = steps.length - 1; k >= 0; k--) {
        const n = steps[k]!;
        const outs = (n.output ?? []).map((o) => {
          const list = cts.get(o);
          return list && list.length > 0 ? sumAll(ctx.b, list) : undefined;
        });
        if (outs.every((c) => c === undefined)) continue;
        const active = (n.input ?? []).map((t) => live.has(t));
        const grads = rules.get(opKey(n))!.vjp(n, outs, { ...ctx, active });
        (n.input ?? []).forEach((t, i) => {
          if (active[i] && grads[i]) cts.set(t, [...(cts.get(t) ?? []), grads[i]!]);
        });
      }
      const total = (t: string | undefined) => {
        const list = t ? cts.get(t) : undefined;
        return list && list.length > 0 ? sumAll(ctx.b, list) : undefined;
      };
      return (node.input ?? []).map((t, i) =>
        ctx.active[i] && [0, 5, 6].includes(i) ? total(t) : undefined,
      );
    },
    jvp(node, tangents, ctx) {
      const { outputs, steps, live } = unroll(node, ctx);
      const ts = new Map<string, string>();
      (node.input ?? []).forEach((t, i) => {
        if (t && tangents[i]) ts.set(t, tangents[i]!);
      });
      const rules = lookup();
      for (const n of steps) {
        if (!(n.output ?? []).some((o) => live.has(o))) continue;
        const active = (n.input ?? []).map((t) => live.has(t));
        const ins = (n.input ?? []).map((t, i) => (active[i] ? ts.get(t) : undefined));
        if (ins.every((t) => t === undefined)) continue;
        const outs = rules.get(opKey(n))!.jvp(n, ins, { ...ctx, active });
        (n.output ?? []).forEach((o, i) => {
          if (outs[i]) ts.set(o, outs[i]!);
        });
      }
      return outputs.map((o) => (o ? ts.get(o) : undefined));
    },
  };
}

function defaults(op: string): string[] {
  return op === 'LSTM'
    ? ['Sigmoid', 'Tanh', 'Tanh']
    : op === 'GRU'
      ? ['Sigmoid', 'Tanh']
      : ['Tanh'];
}

/**
 * Emits the unrolled forward computation of the node; returns the names standing for
 * its outputs (Y, Y_h, Y_c), the emitted nodes in order, and which tensors depend on the
 * node's live inputs.
 */
function unroll(node: NodeProto, ctx: RuleContext) {
  const { b } = ctx;
  const op = node.opType!;
  const [x0, w, r, bias, , h0, c0, peep] = node.input!;
  const shape = ctx.shapes?.get(x0!);
  if (!shape)
    throw new XaiError(
      'UNSUPPORTED_OP',
      `Expected a known sequence length for ${op} '${node.name}' but the shape probe did not find its input's shape.`,
    );
  const steps = shape[0]!;
  const hidden = attrInt(node, 'hidden_size', 0);
  const direction = attrString(node, 'direction', 'forward');
  const dirs = direction === 'bidirectional' ? 2 : 1;
  const gates = op === 'LSTM' ? 4 : op === 'GRU' ? 3 : 1;
  const start = b.nodes.length;
  const x = x0!;
  const unsq = (t: string, axis: number) => unsqueezeAt(b, t, axis);
  const pick = (t: string, i: number) => b.op('Gather', [t, b.int64(i, [])], [attr.int('axis', 0)]);
  const part = (t: string, k: number, axis = 1) =>
    b.op('Slice', [t, b.int64([k * hidden]), b.int64([(k + 1) * hidden]), b.int64([axis])]);
  const perDir: Array<{ ys: string[]; h: string; c?: string }> = [];
  for (let d = 0; d < dirs; d++) {
    const reverse = direction === 'reverse' || d === 1;
    const wt = b.op('Transpose', [pick(w!, d)]); // [I, G H]
    const rt = b.op('Transpose', [pick(r!, d)]); // [H, G H]
    const bd = bias ? pick(bias, d) : undefined; // [2 G H]
    const wb = bd
      ? b.op('Slice', [bd, b.int64([0]), b.int64([gates * hidden]), b.int64([0])])
      : undefined;
    const rb = bd
      ? b.op('Slice', [bd, b.int64([gates * hidden]), b.int64([2 * gates * hidden]), b.int64([0])])
      : undefined;
    const batchZeros = () => {
      const x1 = pick(x, 0); // [N, I]
      const n = b.op('Slice', [b.op('Shape', [x1]), b.int64([0]), b.int64([1])]);
      return b.op(
        'ConstantOfShape',
        [b.op('Concat', [n, b.int64([hidden])], [attr.int('axis', 0)])],
        [b.floatValueAttr(0)],
      );
    };
    let h = h0 ? pick(h0, d) : batchZeros();
    let c = op === 'LSTM' ? (c0 ? pick(c0, d) : batchZeros()) : undefined;
    const pd = peep ? pick(peep, d) : undefined;
    const ys: string[] = new Array<string>(steps);
    for (let s = 0; s < steps; s++) {
      const t = reverse ? steps - 1 - s : s;
      const xw = b.op('MatMul', [pick(x, t), wt]);
      const xwb = wb ? b.op('Add', [xw, wb]) : xw;
      if (op === 'GRU') {
        const lbr = attrInt(node, 'linear_before_reset', 0) === 1;
        const hr = b.op('MatMul', [h, rt]);
        const hrb = rb ? b.op('Add', [hr, rb]) : hr;
        const z = b.op('Sigmoid', [b.op('Add', [part(xwb, 0), part(hrb, 0)])]);
        const rg = b.op('Sigmoid', [b.op('Add', [part(xwb, 1), part(hrb, 1)])]);
        const rh = lbr
          ? b.op('Mul', [rg, part(hrb, 2)])
          : (() => {
              const m = b.op('MatMul', [b.op('Mul', [rg, h]), part(rt, 2)]);
              return rb ? b.op('Add', [m, part(rb, 2, 0)]) : m;
            })();
        const cand = b.op('Tanh', [b.op('Add', [part(xwb, 2), rh])]);
        h = b.op('Add', [b.op('Mul', [b.op('Sub', [b.float(1), z]), cand]), b.op('Mul', [z, h])]);
      } else {
        const hr = b.op('MatMul', [h, rt]);
        const pre = b.op('Add', [xwb, rb ? b.op('Add', [hr, rb]) : hr]);
        if (op === 'RNN') {
          h = b.op('Tanh', [pre]);
        } else {
          const peephole = (g: string, k: number, cell: string) =>
            pd ? b.op('Add', [g, b.op('Mul', [part(pd, k, 0), cell])]) : g;
          // Gate order i, o, f, c; peepholes P = [Pi, Po, Pf].
          const i = b.op('Sigmoid', [peephole(part(pre, 0), 0, c!)]);
          const f = b.op('Sigmoid', [peephole(part(pre, 2), 2, c!)]);
          const cc = b.op('Tanh', [part(pre, 3)]);
          c = b.op('Add', [b.op('Mul', [f, c!]), b.op('Mul', [i, cc])]);
          const o = b.op('Sigmoid', [peephole(part(pre, 1), 1, c)]);
          h = b.op('Mul', [o, b.op('Tanh', [c])]);
        }
      }
      ys[t] = h;
    }
    perDir.push({ ys, h, ...(c ? { c } : {}) });
  }
  // Y [T, D, N, H]; Y_h, Y_c [D, N, H].
  const stackDirs = (ts: string[]) =>
    b.op(
      'Concat',
      ts.map((t) => unsq(t, 0)),
      [attr.int('axis', 0)],
    );
  const y = b.op(
    'Concat',
    Array.from({ length: steps }, (_, t) => unsq(stackDirs(perDir.map((p) => p.ys[t]!)), 0)),
    [attr.int('axis', 0)],
  );
  const yh = stackDirs(perDir.map((p) => p.h));
  const yc = op === 'LSTM' ? stackDirs(perDir.map((p) => p.c!)) : undefined;
  const emitted = b.nodes.slice(start);
  const live = new Set<string>(
    [0, 5, 6].flatMap((i) => (ctx.active[i] && node.input![i] ? [node.input![i]!] : [])),
  );
  for (const n of emitted) {
    // Shapes of live tensors (for the zero initial states) carry no derivative.
    if (['Shape', 'ConstantOfShape'].includes(n.opType ?? '')) continue;
    if ((n.input ?? []).some((t) => live.has(t))) for (const o of n.output ?? []) live.add(o);
  }
  const outputs = (node.output ?? []).map((o, i) => (o ? [y, yh, yc][i] : undefined));
  return { outputs, steps: emitted, live };
}
