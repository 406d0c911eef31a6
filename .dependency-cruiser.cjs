/**
 * Import rules for src/, checked by test/repository/dependencies.test.ts (so `npm test` runs them).
 * Type-only imports count (tsPreCompilationDeps): a type that points the wrong way is moved down, not hidden.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle in src/: modules that cannot be understood, loaded or tested one without the other.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'db-imports-only-db',
      comment:
        'src/db/ is the bottom layer: tables and queries. It imports nothing else of ours (mail, reports, ' +
        'matching …); what it stores (a template name and JSON) is given meaning by the layers above it.',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/', pathNot: '^src/db/' },
    },
    {
      name: 'no-unresolvable',
      comment:
        'One of our own imports the cruise could not resolve would make the other rules pass without looking. ' +
        "(Packages' subpath exports such as csv-parse/sync are beyond its resolver and not ours to check.)",
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true, path: '^[.]' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
