import pkg from '../package.json' with { type: 'json' };

/** This package's version, part of every identity (bundled from package.json at build). */
export const evaluationVersion: string = pkg.version;
