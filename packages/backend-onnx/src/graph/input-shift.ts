import { XaiError } from '@xai/core';
import { type ModelProto, onnx } from '../onnx-proto.js';
import { FLOAT, readGraph } from './graph.js';

/**
 * A copy of the model that sees its input shifted: `g(x) = f(x - shift)`, so that
 * `g(x + shift) = f(x)` (the input-invariance check of Kindermans et al., 2019). A `Sub`
 * node is put in front of the graph input; `shift` is one sample, broadcast over the batch.
 */
export function withInputShift(
  model: ModelProto,
  inputName: string,
  shift: Float32Array,
  sampleShape: readonly number[],
): ModelProto {
  const n = sampleShape.reduce((a, b) => a * b, 1);
  if (shift.length !== n) {
    throw new XaiError(
      'SHAPE_MISMATCH',
      `Expected an input shift of ${n} values (one sample, [${sampleShape.join(', ')}]) but received ${shift.length}.`,
    );
  }
  const view = readGraph(model);
  let k = 0;
  const fresh = (hint: string) => {
    for (;;) {
      const name = `xai/${hint}_${k++}`;
      if (!view.names.has(name)) return name;
    }
  };
  const shifted = fresh('shifted_input');
  const constant = fresh('input_shift');
  const g = model.graph!;
  const node = (g.node ?? []).map((nd) =>
    nd.input?.includes(inputName)
      ? onnx.NodeProto.create({
          ...nd,
          input: nd.input.map((i) => (i === inputName ? shifted : i)),
        })
      : nd,
  );
  const copy = shift.slice();
  const sub = onnx.NodeProto.create({
    name: fresh('Sub'),
    opType: 'Sub',
    input: [inputName, constant],
    output: [shifted],
  });
  const outputs = (g.output ?? []).map((o) =>
    o.name === inputName ? onnx.ValueInfoProto.create({ ...o, name: shifted }) : o,
  );
  const init = onnx.TensorProto.create({
    name: constant,
    dataType: FLOAT,
    dims: [1, ...sampleShape],
    rawData: new Uint8Array(copy.buffer),
  });
  return onnx.ModelProto.create({
    ...model,
    graph: onnx.GraphProto.create({
      ...g,
      node: [sub, ...node],
      initializer: [...(g.initializer ?? []), init],
      output: outputs,
    }),
  });
}
