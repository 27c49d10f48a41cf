import { metrics } from '@xai/metrics';
import type { Command } from 'commander';
import { createOutput } from '../output.js';

export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description('list the metrics with their papers, family, direction and default options')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ xai metrics\n  $ xai metrics --json')
    .action((opts: { json?: boolean }) => {
      const list = metrics.map((m) => ({
        name: m.name,
        title: m.title,
        summary: m.summary,
        family: m.family,
        higherIsBetter: m.higherIsBetter,
        paper: m.paper,
        defaults: m.defaults,
      }));
      createOutput(Boolean(opts.json)).result(list, () =>
        list
          .map(
            (m) =>
              `${m.name.padEnd(22)} ${m.summary}\n${''.padEnd(22)} ${m.family}, ${m.higherIsBetter ? 'higher' : 'lower'} is better; ${m.paper.authors} (${m.paper.year}); defaults ${JSON.stringify(m.defaults)}`,
          )
          .join('\n'),
      );
    });
}
