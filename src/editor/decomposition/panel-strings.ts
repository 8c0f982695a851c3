import * as vscode from 'vscode';
import type { PanelStrings } from './common/strings';
import type { MetricLabels } from './common/view-model';

/**
 * The panel's words in the user's language. One literal `vscode.l10n.t` call per string, so the translation
 * tools find each; common/strings.ts holds the same English as the webview's fallback, and the return type makes
 * both name the same keys.
 */
export function panelStrings(): PanelStrings {
  return {
    title: vscode.l10n.t('Monolith decomposition'),
    planning: vscode.l10n.t('Planning…'),
    sections: vscode.l10n.t('Sections'),
    map: vscode.l10n.t('Service map'),
    mapLabel: vscode.l10n.t(
      'Service map: services sized by their files, arrows for the operations one service calls on another',
    ),
    services: vscode.l10n.t('Services'),
    metrics: vscode.l10n.t('Metrics'),
    whatIf: vscode.l10n.t('What-if'),
    contracts: vscode.l10n.t('Contracts'),
    steps: vscode.l10n.t('Extraction steps'),
    metric: vscode.l10n.t('Metric'),
    ours: vscode.l10n.t('Proposed'),
    folders: vscode.l10n.t('One service per folder'),
    louvain: vscode.l10n.t('Louvain on imports'),
    best: vscode.l10n.t('best'),
    notApplicable: vscode.l10n.t('n/a'),
    files: vscode.l10n.t('Files'),
    filesCount: vscode.l10n.t('{0} files'),
    oneFile: vscode.l10n.t('1 file'),
    operationsCount: vscode.l10n.t('{0} operations'),
    callSitesCount: vscode.l10n.t('{0} call sites'),
    crossings: vscode.l10n.t('{0} imports and calls cross a proposed boundary'),
    chatty: vscode.l10n.t('chatty'),
    namedFrom: vscode.l10n.t('Named from {0}'),
    responsibilities: vscode.l10n.t('Responsibilities'),
    tablesOwned: vscode.l10n.t('Tables owned'),
    tablesRead: vscode.l10n.t('Tables read from other services'),
    routes: vscode.l10n.t('Routes and jobs'),
    inbound: vscode.l10n.t('Operations it exposes'),
    outbound: vscode.l10n.t('Operations it calls'),
    calledBy: vscode.l10n.t('called by {0}'),
    none: vscode.l10n.t('None'),
    shared: vscode.l10n.t('Shared library'),
    outliers: vscode.l10n.t('Outliers'),
    outlier: vscode.l10n.t('Outlier (stays in the monolith)'),
    filter: vscode.l10n.t('Filter files and folders'),
    serviceFor: vscode.l10n.t('Service for {0}'),
    folder: vscode.l10n.t('folder'),
    showingFirst: vscode.l10n.t('Showing {0} of {1}; type in the filter to narrow.'),
    movesApplied: vscode.l10n.t('Moves applied'),
    noMoves: vscode.l10n.t('No moves yet: pick another service for a file or a folder.'),
    dragHint: vscode.l10n.t(
      'Drag a file or folder onto a service on the map or in the list of services, or pick its service in the table.',
    ),
    dropOn: vscode.l10n.t('Drop on {0}'),
    undo: vscode.l10n.t('Undo last move'),
    reset: vscode.l10n.t('Reset all moves'),
    weights: vscode.l10n.t('Signal weights'),
    weightImports: vscode.l10n.t('Imports'),
    weightCalls: vscode.l10n.t('Calls'),
    weightData: vscode.l10n.t('Shared tables'),
    weightUseCases: vscode.l10n.t('Use cases'),
    weightCoupling: vscode.l10n.t('Change coupling'),
    serviceCount: vscode.l10n.t('Number of services (empty: automatic)'),
    noHistory: vscode.l10n.t(
      'Change coupling is not used: no git history was read (Restricted Mode, or not a repository).',
    ),
    openTypeScript: vscode.l10n.t('Open TypeScript'),
    openOpenApi: vscode.l10n.t('Open OpenAPI'),
    copyTypeScript: vscode.l10n.t('Copy TypeScript'),
    noContracts: vscode.l10n.t('No operation crosses a proposed boundary: no contract is needed.'),
    contractsMissing: vscode.l10n.t(
      'No contracts were synthesised for this plan; the operations each service must offer are listed under Services.',
    ),
    phase: vscode.l10n.t('Phase {0}'),
    preconditions: vscode.l10n.t('Preconditions'),
    facadeRoutes: vscode.l10n.t('Façade routes'),
    dataMigrations: vscode.l10n.t('Data migrations'),
    rollback: vscode.l10n.t('Rollback'),
    effort: vscode.l10n.t('Effort (estimate): {0}'),
    places: vscode.l10n.t('Places to change first'),
    guardrails: vscode.l10n.t('Guardrails'),
    dependencyCruiser: vscode.l10n.t('dependency-cruiser rules'),
    eslint: vscode.l10n.t('ESLint no-restricted-imports'),
    errors: vscode.l10n.t('Not read'),
    noPlan: vscode.l10n.t('No plan yet.'),
  };
}

/** What each metric is called in the table, and what it measures (its tooltip). */
export function metricLabels(): MetricLabels {
  return {
    services: { label: vscode.l10n.t('Services'), description: vscode.l10n.t('Number of services proposed.') },
    structuralModularity: {
      label: vscode.l10n.t('Structural modularity'),
      description: vscode.l10n.t('Cohesion inside services minus coupling across them; higher is better.'),
    },
    modularity: {
      label: vscode.l10n.t('Modularity (Newman Q)'),
      description: vscode.l10n.t('Modularity of the partition on the import graph; higher is better.'),
    },
    interCallShare: {
      label: vscode.l10n.t('Inter-service call share'),
      description: vscode.l10n.t('Share of call weight that crosses services; lower is better.'),
    },
    interfaceCount: {
      label: vscode.l10n.t('Interface count'),
      description: vscode.l10n.t('Exported symbols other services use, on average per service; lower is better.'),
    },
    sizeBalance: {
      label: vscode.l10n.t('Size balance'),
      description: vscode.l10n.t('Share of files in services of a sensible size; higher is better.'),
    },
    routePurity: {
      label: vscode.l10n.t('Route purity'),
      description: vscode.l10n.t('Share of use cases one service serves alone; higher is better.'),
    },
    tableOwnershipPurity: {
      label: vscode.l10n.t('Table ownership purity'),
      description: vscode.l10n.t('Share of tables only one service touches; higher is better.'),
    },
    tablesWrittenByMany: {
      label: vscode.l10n.t('Tables written by several services'),
      description: vscode.l10n.t('Tables more than one service writes; lower is better.'),
    },
    distributedTransactions: {
      label: vscode.l10n.t('Distributed transactions'),
      description: vscode.l10n.t('Transactions whose tables would belong to several services; lower is better.'),
    },
    crossServiceOperations: {
      label: vscode.l10n.t('Cross-service operations'),
      description: vscode.l10n.t('Distinct operations one service calls on another; lower is better.'),
    },
  };
}
