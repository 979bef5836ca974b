// The dependency rule, checked by `npm run depcruise` (part of `npm test`). Layers, bottom to top:
//   kernel, event-store  ->  platform  ->  renewals  ->  notifier, invoicing  ->  read-models  ->  apps
// A library imports only the layers below it, each through its public surface (`@app/<lib>`, or the pure
// `@app/renewals/domain`); a domain imports only its own domain and the kernel.
const LIBS = '^libs/([^/]+)/';
const layer = (...libs) => `^libs/(${libs.join('|')})/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one: split what both need into a third.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'kernel-is-pure',
      severity: 'error',
      comment: 'The kernel imports nothing but itself.',
      from: { path: layer('kernel'), pathNot: '\\.spec\\.ts$' },
      to: { pathNot: [layer('kernel')] },
    },
    {
      name: 'event-store-sits-at-the-bottom',
      severity: 'error',
      from: { path: layer('event-store') },
      to: { path: layer('platform', 'renewals', 'read-models', 'notifier', 'invoicing') },
    },
    {
      name: 'platform-only-above-kernel-and-event-store',
      severity: 'error',
      from: { path: layer('platform') },
      to: { path: layer('renewals', 'read-models', 'notifier', 'invoicing') },
    },
    {
      name: 'renewals-below-read-models-and-notifier',
      severity: 'error',
      from: { path: layer('renewals') },
      to: { path: layer('read-models', 'notifier', 'invoicing') },
    },
    {
      name: 'read-models-and-notifier-side-by-side',
      severity: 'error',
      comment: 'Read models and the notifier each read the log; neither depends on the other.',
      from: { path: layer('read-models') },
      to: { path: layer('notifier') },
    },
    {
      name: 'notifier-and-read-models-side-by-side',
      severity: 'error',
      from: { path: layer('notifier') },
      to: { path: layer('read-models') },
    },
    {
      name: 'invoicing-beside-read-models-and-notifier',
      severity: 'error',
      comment: 'Invoicing reads the renewals; it depends on neither the read models nor the notifier.',
      from: { path: layer('invoicing') },
      to: { path: layer('read-models', 'notifier') },
    },
    {
      name: 'notifier-beside-invoicing',
      severity: 'error',
      comment:
        'The notifier does not know invoicing. The read models may read its public surface (the order audit trail folds the order’s invoice), and invoicing never reads them.',
      from: { path: layer('notifier') },
      to: { path: layer('invoicing') },
    },
    {
      name: 'libraries-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-imports-only-domain-and-kernel',
      severity: 'error',
      comment:
        'Deciders, pricing, calendar and policy are pure: no Nest, no infrastructure, no application code.',
      from: { path: '^libs/([^/]+)/src/domain/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: ['^libs/$1/src/domain/', layer('kernel')] },
    },
    {
      name: 'no-relative-import-across-libraries',
      severity: 'error',
      comment: 'Another library is reached through its alias (@app/<lib>), never a relative path.',
      from: { path: LIBS },
      to: {
        path: '^libs/',
        pathNot: ['^libs/$1/'],
        dependencyTypes: ['local'],
        dependencyTypesNot: ['aliased'],
      },
    },
    {
      name: 'only-through-the-public-surface',
      severity: 'error',
      comment:
        'Another library is used through its index (or the pure @app/renewals/domain), never its internals.',
      from: { path: '^(libs/[^/]+|apps)/' },
      to: {
        path: '^libs/',
        pathNot: [
          '^$1/',
          '^libs/[^/]+/src/index\\.ts$',
          '^libs/renewals/src/domain/index\\.ts$',
          '^libs/[^/]+/src/testing/index\\.ts$',
        ],
      },
    },
    {
      name: 'testing-helpers-only-in-specs',
      severity: 'error',
      comment: "A library's testing surface (@app/<lib>/testing) is for specs and other testing helpers.",
      from: { path: '^(libs|apps)/', pathNot: ['\\.spec\\.ts$', '/src/testing/'] },
      to: { path: '^libs/[^/]+/src/testing/' },
    },
    {
      name: 'no-library-imports-test',
      severity: 'error',
      comment:
        'Library code and library specs stand on their own; the root test/ folder is for the e2e suites.',
      from: { path: '^(libs|apps)/' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|data|coverage|test-output|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'] },
  },
};
