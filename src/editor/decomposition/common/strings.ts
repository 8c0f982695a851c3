import { fillArgs } from '../../../core/translate';

/**
 * The decomposition panel's own words. The webview has no `vscode.l10n`: the host translates each of these
 * (panel-strings.ts, one `vscode.l10n.t` call per string so the translation tools find them) and sends the
 * result first; the English here is what the webview shows until then. `{0}` and `{1}` are filled by the webview.
 */
export const PANEL_STRINGS_EN = {
  title: 'Monolith decomposition',
  planning: 'Planning…',
  sections: 'Sections',
  map: 'Service map',
  mapLabel: 'Service map: services sized by their files, arrows for the operations one service calls on another',
  services: 'Services',
  metrics: 'Metrics',
  whatIf: 'What-if',
  contracts: 'Contracts',
  steps: 'Extraction steps',
  metric: 'Metric',
  ours: 'Proposed',
  folders: 'One service per folder',
  louvain: 'Louvain on imports',
  best: 'best',
  notApplicable: 'n/a',
  files: 'Files',
  filesCount: '{0} files',
  oneFile: '1 file',
  operationsCount: '{0} operations',
  callSitesCount: '{0} call sites',
  crossings: '{0} imports and calls cross a proposed boundary',
  chatty: 'chatty',
  namedFrom: 'Named from {0}',
  responsibilities: 'Responsibilities',
  tablesOwned: 'Tables owned',
  tablesRead: 'Tables read from other services',
  routes: 'Routes and jobs',
  inbound: 'Operations it exposes',
  outbound: 'Operations it calls',
  calledBy: 'called by {0}',
  none: 'None',
  shared: 'Shared library',
  outliers: 'Outliers',
  outlier: 'Outlier (stays in the monolith)',
  filter: 'Filter files and folders',
  serviceFor: 'Service for {0}',
  folder: 'folder',
  showingFirst: 'Showing {0} of {1}; type in the filter to narrow.',
  movesApplied: 'Moves applied',
  noMoves: 'No moves yet: pick another service for a file or a folder.',
  dragHint:
    'Drag a file or folder onto a service on the map or in the list of services, or pick its service in the table.',
  dropOn: 'Drop on {0}',
  undo: 'Undo last move',
  reset: 'Reset all moves',
  weights: 'Signal weights',
  weightImports: 'Imports',
  weightCalls: 'Calls',
  weightData: 'Shared tables',
  weightUseCases: 'Use cases',
  weightCoupling: 'Change coupling',
  serviceCount: 'Number of services (empty: automatic)',
  noHistory: 'Change coupling is not used: no git history was read (Restricted Mode, or not a repository).',
  openTypeScript: 'Open TypeScript',
  openOpenApi: 'Open OpenAPI',
  copyTypeScript: 'Copy TypeScript',
  noContracts: 'No operation crosses a proposed boundary: no contract is needed.',
  contractsMissing:
    'No contracts were synthesised for this plan; the operations each service must offer are listed under Services.',
  phase: 'Phase {0}',
  preconditions: 'Preconditions',
  facadeRoutes: 'Façade routes',
  dataMigrations: 'Data migrations',
  rollback: 'Rollback',
  effort: 'Effort (estimate): {0}',
  places: 'Places to change first',
  guardrails: 'Guardrails',
  dependencyCruiser: 'dependency-cruiser rules',
  eslint: 'ESLint no-restricted-imports',
  errors: 'Not read',
  noPlan: 'No plan yet.',
} as const;

export type PanelStringKey = keyof typeof PANEL_STRINGS_EN;
export type PanelStrings = Record<PanelStringKey, string>;
export const PANEL_STRING_KEYS = Object.keys(PANEL_STRINGS_EN) as PanelStringKey[];

/** "1 file", "12 files", in the panel's language. */
export function filesText(
  strings: { filesCount: string; oneFile: string },
  count: number,
  shown = String(count),
): string {
  return count === 1 ? strings.oneFile : format(strings.filesCount, shown);
}

/** `format('{0} files', 3)` → "3 files", as `vscode.l10n.t` fills its arguments. */
export function format(template: string, ...values: (string | number)[]): string {
  return fillArgs(template, values);
}
