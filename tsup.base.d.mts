import type { Options } from 'tsup';

/** The packages' shared Node build options (see tsup.base.mjs). */
export declare const nodeLibrary: Options;
