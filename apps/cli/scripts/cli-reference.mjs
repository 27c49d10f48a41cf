// The CLI reference of docs/cli.md, made from the CLI's own --help. `--write` updates the
// page between its markers; without it, prints the section (the docs test compares).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const page = fileURLToPath(new URL('../../../docs/cli.md', import.meta.url));
const commands = [
  'methods',
  'metrics',
  'inspect',
  'explain',
  'evaluate',
  'worker',
  'demo',
  'bench',
];
const begin = '<!-- begin generated: xai --help -->';
const end = '<!-- end generated -->';

export function reference() {
  const help = (args) =>
    execFileSync(process.execPath, [bin, ...args], {
      encoding: 'utf8',
      env: { ...process.env, COLUMNS: '100' },
    }).trimEnd();
  const parts = [`### \`xai --help\`\n\n\`\`\`text\n${help(['--help'])}\n\`\`\``];
  for (const c of commands)
    parts.push(`### \`xai ${c}\`\n\n\`\`\`text\n${help([c, '--help'])}\n\`\`\``);
  return `${begin}\n\n${parts.join('\n\n')}\n\n${end}`;
}

export function replaceSection(text, section) {
  const a = text.indexOf(begin);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`docs/cli.md has no '${begin}' ... '${end}' section`);
  return text.slice(0, a) + section + text.slice(b + end.length);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--write'))
    writeFileSync(page, replaceSection(readFileSync(page, 'utf8'), reference()));
  else process.stdout.write(`${reference()}\n`);
}
