import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** This CLI's version, from its package.json. */
export const cliVersion: string = (require('../package.json') as { version: string }).version;
