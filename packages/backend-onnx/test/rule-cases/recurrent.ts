import { attr } from '../../src/graph/attributes.js';
import type { GraphBuilder } from '../../src/graph/builder.js';
import type { Case } from './case.js';

const int = attr.int;
const ints = attr.ints;

interface Rnn {
  readonly op: 'RNN' | 'GRU' | 'LSTM';
  readonly direction: 'forward' | 'reverse' | 'bidirectional';
  readonly peepholes?: boolean;
  readonly linearBeforeReset?: boolean;
  /** Initial states computed from x (so derivatives flow into them too). */
  readonly liveStates?: boolean;
  /** Which outputs feed the logits: Y, Y_h, Y_c. */
  readonly outputs: readonly number[];
}

const H = 3;
const I = 4;
const T = 5;

/** x `[N, T, I]` through one recurrent node; the chosen outputs, batch first, concatenated. */
function rnnBody(r: Rnn): Case['body'] {
  return (b: GraphBuilder, x, w) => {
    const gates = r.op === 'LSTM' ? 4 : r.op === 'GRU' ? 3 : 1;
    const d = r.direction === 'bidirectional' ? 2 : 1;
    const xs = b.op('Transpose', [x], [ints('perm', [1, 0, 2])]);
    const state = (k: number) => {
      // [N, D * H] from x, viewed as [D, N, H].
      const m = b.op('MatMul', [
        b.op('ReduceMean', [x], [ints('axes', [1]), int('keepdims', 0)]),
        w([I, d * H], 0.5),
      ]);
      const t = b.op('Tanh', [b.op('Mul', [m, b.float(k)])]);
      const v = b.op('Reshape', [t, b.int64([0, d, H])]);
      return b.op('Transpose', [v], [ints('perm', [1, 0, 2])]);
    };
    const inputs = [
      xs,
      w([d, gates * H, I], 0.6),
      w([d, gates * H, H], 0.6),
      w([d, 2 * gates * H], 0.3),
      '',
      r.liveStates ? state(1) : '',
      r.liveStates && r.op === 'LSTM' ? state(2) : '',
      r.peepholes ? w([d, 3 * H], 0.5) : '',
    ];
    while (inputs[inputs.length - 1] === '') inputs.pop();
    const outs = b.ops(
      r.op,
      inputs,
      [
        int('hidden_size', H),
        attr.string('direction', r.direction),
        ...(r.linearBeforeReset ? [int('linear_before_reset', 1)] : []),
      ],
      r.op === 'LSTM' ? 3 : 2,
    );
    const batchFirst = (i: number) => {
      const y = outs[i]!;
      return b.op('Flatten', [
        b.op('Transpose', [y], [ints('perm', i === 0 ? [2, 0, 1, 3] : [1, 0, 2])]),
      ]);
    };
    const parts = r.outputs.map(batchFirst);
    return parts.length === 1 ? parts[0]! : b.op('Concat', parts, [int('axis', 1)]);
  };
}

const rnnCases: Rnn[] = [
  { op: 'RNN', direction: 'forward', outputs: [0] },
  { op: 'RNN', direction: 'bidirectional', liveStates: true, outputs: [0, 1] },
  { op: 'GRU', direction: 'forward', outputs: [1] },
  { op: 'GRU', direction: 'reverse', linearBeforeReset: true, outputs: [0] },
  { op: 'GRU', direction: 'bidirectional', liveStates: true, outputs: [0, 1] },
  { op: 'LSTM', direction: 'forward', outputs: [0, 1, 2] },
  { op: 'LSTM', direction: 'reverse', peepholes: true, liveStates: true, outputs: [1, 2] },
  { op: 'LSTM', direction: 'bidirectional', outputs: [0] },
];

/** RNN, GRU, LSTM (layout 0: ONNX Runtime's CPU kernels refuse 1): every direction, peepholes, linear_before_reset, live initial states. */
export const recurrentCases: Case[] = rnnCases.map((r) => ({
  name: `${r.op} ${r.direction}${r.peepholes ? ' peepholes' : ''}${r.linearBeforeReset ? ' linear_before_reset' : ''}${r.liveStates ? ' live initial states' : ''}, outputs ${r.outputs.join(' ')} (opset 14)`,
  sample: [T, I],
  opset: 14,
  body: rnnBody(r),
}));
