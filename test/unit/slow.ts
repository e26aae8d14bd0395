/**
 * `{ skip: slow }` tags a test that `node scripts/test.mjs --unit --fast` leaves out: property
 * searches and mutation sweeps over many inputs, and tests that drive a browser (each over ~1 s).
 * The default run, `npm test` and CI run them all.
 */
export const slow: string | false = process.env.SERVESCOPE_FAST === '1' ? 'slow: left out by --fast' : false;
