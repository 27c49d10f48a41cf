import { metricFamilies } from '@xai/core';
import { metrics } from '@xai/metrics';
import type { Command } from 'commander';
import { byFamily } from '../listing/by-family.js';
import { createOutput } from '../output.js';

export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description('list the metrics by family, with their papers, direction and default options')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ xai metrics\n  $ xai metrics --json')
    .action((opts: { json?: boolean }) => {
      const groups = byFamily(metricFamilies, metrics);
      const list = groups.flatMap(({ items }) =>
        items.map((m) => ({
          name: m.name,
          family: m.family,
          higherIsBetter: m.higherIsBetter,
          title: m.title,
          summary: m.summary,
          paper: m.paper,
          defaults: m.defaults,
        })),
      );
      createOutput(Boolean(opts.json)).result(list, () =>
        groups
          .map(({ family, items }) =>
            [
              `${family}:`,
              ...items.map(
                (m) =>
                  `  ${m.name.padEnd(34)} ${m.higherIsBetter ? 'higher' : 'lower '} is better  ${m.summary}\n  ${''.padEnd(34)} ${m.paper.authors} (${m.paper.year}); defaults ${JSON.stringify(m.defaults)}`,
              ),
            ].join('\n'),
          )
          .join('\n\n'),
      );
    });
}
