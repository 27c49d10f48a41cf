/** How the golden tests are laid out: one block per golden model, per-image figures on one line. */
import { describe } from 'vitest';
import { fmt } from './golden-images.js';

/** Logs per-image figures on one line: `label name1 v v v v | name2 v v v v`. */
export function logPerImage(
  label: string,
  figures: Readonly<Record<string, readonly number[]>>,
): void {
  const parts = Object.entries(figures).map(([name, values]) => `${name} ${fmt(values)}`);
  console.log(label, parts.join(' | '));
}

/** The fixture models the goldens were made on. */
export type GoldenModel = 'cnn' | 'resnet';

/** `body` once per golden model, in a block titled `<title>, <model>`; each test gets `timeout` ms. */
export function describeOnGoldenModels(
  title: string,
  body: (name: GoldenModel) => void,
  timeout = 60_000,
): void {
  describe.each(['cnn', 'resnet'] as const)(`${title}, %s`, { timeout }, body);
}
