import { metrics } from '@xai/metrics';
import type { Command } from 'commander';
import { createOutput } from '../output.js';

const familyOrder = [
  'faithfulness',
  'robustness',
  'localisation',
  'randomisation',
  'complexity',
  'axioms',
];

export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description('list the evaluation metrics by family, with their direction, papers and defaults')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ xai metrics\n  $ xai metrics --json')
    .action((opts: { json?: boolean }) => {
      const list = [...metrics]
        .sort((a, b) => familyOrder.indexOf(a.family) - familyOrder.indexOf(b.family))
        .map((m) => ({
          name: m.name,
          family: m.family,
          higherIsBetter: m.higherIsBetter,
          title: m.title,
          summary: m.summary,
          paper: m.paper,
          defaults: m.defaults,
        }));
      createOutput(Boolean(opts.json)).result(list, () =>
        familyOrder
          .map((family) =>
            [
              `${family}:`,
              ...list
                .filter((m) => m.family === family)
                .map(
                  (m) =>
                    `  ${m.name.padEnd(34)} ${m.higherIsBetter ? 'higher' : 'lower '} is better  ${m.summary}\n  ${''.padEnd(34)} ${m.paper.authors} (${m.paper.year})`,
                ),
            ].join('\n'),
          )
          .join('\n\n'),
      );
    });
}
