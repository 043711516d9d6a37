// The layer rules of src/: stages import only stages before them, never main.ts, never each other in a cycle.
// Order: common → inputs → credentials → wuying → ota → report | github → main.ts → index.ts.
// (No re-exports is an ESLint rule: dependency-cruiser merges an import and a re-export of one module.)
// `npm run lint` runs this; __tests__/architecture.test.ts proves that a forbidden import fails it.
const STAGES = ['common', 'inputs', 'credentials', 'wuying', 'ota', 'report', 'github']
// report and github are siblings: both read the OTA outcome, neither reads the other.
const SIBLINGS = { report: ['github'], github: ['report'] }

const later = (stage) => STAGES.slice(STAGES.indexOf(stage) + 1).filter((s) => !(SIBLINGS[stage] ?? []).includes(s))

const upward = STAGES.map((stage) => ({
  name: `${stage}-imports-later-stage`,
  comment: `src/${stage}/ may import only the stages before it (${STAGES.slice(0, STAGES.indexOf(stage)).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: `^src/${stage}/` },
  to: { path: [`^src/(${[...later(stage), ...(SIBLINGS[stage] ?? [])].join('|') || '$^'})/`, '^src/(main|index)\\.ts$'] }
}))

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    ...upward,
    {
      name: 'main-is-wiring',
      comment: 'only index.ts imports main.ts',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/main\\.ts$' }
    },
    {
      name: 'action-stays-in-src',
      comment: 'the action never imports the emulator, fixtures, tests or the benchmark',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(emulator|__fixtures__|__tests__|bench|scripts)/' }
    },
    {
      name: 'sdk-only-in-wuying',
      comment: 'only the API client talks to the Alibaba Cloud OpenAPI SDK',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/wuying/' },
      to: { path: 'node_modules/@alicloud/(openapi-client|openapi-util|tea-util|tea-typescript)/' }
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: { path: ['^src/', 'node_modules/@alicloud/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    moduleSystems: ['es6', 'cjs']
  }
}
