import type { MetricFamily } from '@xai/core';
import { metrics } from '@xai/metrics';
import type { Command } from 'commander';
import { createOutput } from '../output.js';

/** The order families are listed in (Quantus' grouping). */
export const familyOrder: readonly MetricFamily[] = [
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
    .description('list the metrics by family, with their papers, direction and default options')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ xai metrics\n  $ xai metrics --json')
    .action((opts: { json?: boolean }) => {
      // A stable sort: within a family, the registry's order.
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
                    `  ${m.name.padEnd(34)} ${m.higherIsBetter ? 'higher' : 'lower '} is better  ${m.summary}\n  ${''.padEnd(34)} ${m.paper.authors} (${m.paper.year}); defaults ${JSON.stringify(m.defaults)}`,
                ),
            ].join('\n'),
          )
          .join('\n\n'),
      );
    });
}
