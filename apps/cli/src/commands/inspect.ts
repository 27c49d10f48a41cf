import { inspectOnnxModel } from '@xai/backend-onnx';
import type { Command } from 'commander';
import { createOutput } from '../output.js';

export function registerInspect(program: Command): void {
  program
    .command('inspect')
    .description("show an ONNX model's inputs, outputs, opsets and op counts")
    .requiredOption('-m, --model <file.onnx>', 'the ONNX model')
    .option('--json', 'machine-readable output')
    .addHelpText(
      'after',
      '\nExamples:\n  $ xai inspect --model resnet.onnx\n  $ xai inspect --model resnet.onnx --json',
    )
    .action(async (opts: { model: string; json?: boolean }) => {
      const info = await inspectOnnxModel(opts.model);
      createOutput(Boolean(opts.json)).result({ model: opts.model, ...info }, () => {
        const io = (ts: typeof info.inputs) =>
          ts.map((t) => `  ${t.name}: ${t.elementType} [${t.shape.join(', ')}]`).join('\n');
        const ops = Object.entries(info.opCounts)
          .map(
            ([op, n]) =>
              `  ${op.padEnd(28)} ${String(n).padStart(5)}  gradient: ${info.gradientSupport[op] ?? '?'}`,
          )
          .join('\n');
        return [
          `${opts.model}: ${info.nodeCount} nodes, ${info.parameterCount.toLocaleString('en')} parameters, IR ${info.irVersion}, ${info.producer}`,
          `opsets: ${info.opsets.map((o) => `${o.domain} ${o.version}`).join(', ')}`,
          `inputs:\n${io(info.inputs)}`,
          `outputs:\n${io(info.outputs)}`,
          `ops:\n${ops}`,
        ].join('\n');
      });
    });
}
