import { methodFamilies, methodFamilyInfo } from '@xai/core';
import { methods } from '@xai/methods';
import type { Command } from 'commander';
import { byFamily } from '../listing/by-family.js';
import { createOutput } from '../output.js';

export function registerMethods(program: Command): void {
  program
    .command('methods')
    .description('list the attribution methods by family, with their papers and default options')
    .option('--json', 'machine-readable output')
    .addHelpText('after', '\nExamples:\n  $ xai methods\n  $ xai methods --json')
    .action((opts: { json?: boolean }) => {
      const groups = byFamily(methodFamilies, methods);
      const list = groups.flatMap(({ items }) =>
        items.map((m) => ({
          name: m.name,
          family: m.family,
          title: m.title,
          summary: m.summary,
          paper: m.paper,
          defaults: m.defaults,
          // Every option key, those without a default included (JSON drops undefined values).
          options: Object.keys(m.defaults),
        })),
      );
      createOutput(Boolean(opts.json)).result(list, () =>
        groups
          .filter(({ items }) => items.length > 0)
          .map(({ family, items }) =>
            [
              `${family}: ${methodFamilyInfo[family].description}`,
              ...items.map(
                (m) =>
                  `  ${m.name.padEnd(24)} ${m.summary}\n  ${''.padEnd(24)} ${m.paper.authors} (${m.paper.year}); defaults ${JSON.stringify(m.defaults)}${noDefault(m.defaults)}`,
              ),
            ].join('\n'),
          )
          .join('\n\n'),
      );
    });
}

/** The option keys without a default, as "; also window, stride". */
function noDefault(defaults: object): string {
  const keys = Object.entries(defaults)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  return keys.length ? `; also ${keys.join(', ')}` : '';
}
