import type { DecompositionPlan, PartitionMetrics } from '../../../../src/assistants/decomposition/contract';
import type { MetricLabels } from '../../../../src/editor/decomposition/common/view-model';
import { METRICS } from '../../../../src/editor/decomposition/common/view-model';

const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 10 } });

function metrics(overrides: Partial<PartitionMetrics>): PartitionMetrics {
  return {
    services: 3,
    modularity: 0.3,
    structuralModularity: 0.2,
    interCallShare: 0.25,
    interfaceCount: 2,
    sizeBalance: 0.8,
    routePurity: 0.6,
    tableOwnershipPurity: 0.7,
    tablesWrittenByMany: 1,
    distributedTransactions: 1,
    crossServiceOperations: 4,
    ...overrides,
  };
}

/** A plan of the shop's shape, built by hand: orders calls payments twice (chatty) and catalog once. */
export function shopPlan(): DecompositionPlan {
  const charge = {
    service: 'Payments',
    name: 'charge',
    file: 'shop/src/payments/service.ts',
    symbol: 'charge',
    callers: [
      { service: 'Orders', file: 'shop/src/orders/service.ts', range: at(12) },
      { service: 'Orders', file: 'shop/src/orders/routes.ts', range: at(4) },
    ],
    signature: '(orderId: string, cents: number) => Promise<Receipt>',
  };
  const refund = {
    service: 'Payments',
    name: 'refund',
    file: 'shop/src/payments/service.ts',
    symbol: 'refund',
    callers: [{ service: 'Orders', file: 'shop/src/orders/service.ts', range: at(30) }],
  };
  const price = {
    service: 'Catalog',
    name: 'priceOf',
    file: 'shop/src/catalog/service.ts',
    symbol: 'priceOf',
    callers: [{ service: 'Orders', file: 'shop/src/orders/service.ts', range: at(8) }],
  };
  return {
    version: 1,
    root: 'shop',
    weights: { imports: 1, calls: 1, data: 2, useCases: 1.5, coupling: 0.5 },
    services: [
      {
        name: 'Orders',
        nameFrom: 'folder shop/src/orders',
        responsibilities: ['Takes orders'],
        files: ['shop/src/orders/routes.ts', 'shop/src/orders/service.ts'],
        tablesOwned: ['orders', 'order_items'],
        tablesRead: ['products'],
        routes: ['POST /orders'],
        operations: [],
        calls: [charge, refund, price],
      },
      {
        name: 'Payments',
        nameFrom: 'table payments',
        responsibilities: ['Charges cards'],
        files: ['shop/src/payments/provider.ts', 'shop/src/payments/service.ts'],
        tablesOwned: ['payments'],
        tablesRead: [],
        routes: ['POST /payments/webhook'],
        operations: [charge, refund],
        calls: [],
      },
      {
        name: 'Catalog',
        nameFrom: 'routes /products',
        responsibilities: ['Lists products'],
        files: ['shop/src/catalog/service.ts'],
        tablesOwned: ['products'],
        tablesRead: [],
        routes: ['GET /products'],
        operations: [price],
        calls: [],
      },
    ],
    shared: ['shop/src/shared/db.ts'],
    outliers: [{ file: 'shop/src/main.ts', why: 'wires every service' }],
    metrics: {
      ours: metrics({}),
      folders: metrics({ services: 5, interCallShare: 0.4, crossServiceOperations: 9 }),
      louvain: metrics({ services: 2, modularity: 0.35, routePurity: 0.5 }),
    },
    contracts: [
      {
        service: 'Payments',
        operations: [
          {
            name: 'charge',
            file: 'shop/src/payments/service.ts',
            symbol: 'charge',
            parameters: [{ name: 'orderId', type: 'string', optional: false }],
            returns: 'Promise<Receipt>',
            callers: [{ service: 'Orders', sites: 2 }],
          },
        ],
        typescript: 'export interface PaymentsApi {\n  charge(orderId: string): Promise<Receipt>;\n}\n',
        openapi: { openapi: '3.1.0', paths: { '/charge': { post: {} } } },
      },
    ],
    chatty: [{ from: 'Orders', to: 'Payments', operations: 2, callSites: 3 }],
    crossings: [
      {
        file: 'shop/src/orders/service.ts',
        range: at(12),
        fromService: 'Orders',
        toService: 'Payments',
        symbol: 'charge',
      },
      {
        file: 'shop/src/orders/service.ts',
        range: at(30),
        fromService: 'Orders',
        toService: 'Payments',
        symbol: 'refund',
      },
      {
        file: 'shop/src/orders/service.ts',
        range: at(8),
        fromService: 'Orders',
        toService: 'Catalog',
        symbol: 'priceOf',
      },
    ],
    steps: [
      {
        order: 1,
        service: 'Payments',
        phase: 3,
        preconditions: ['Inbound calls only through the façade'],
        facadeRoutes: ['POST /payments/charge'],
        dataMigrations: [{ table: 'payments', from: 'monolith', plan: 'copy then sync' }],
        rollback: ['Route the façade back to the monolith'],
        effort: { size: 'medium', basis: '3 call sites (estimate)' },
        places: [{ file: 'shop/src/orders/service.ts', range: at(12), why: 'calls charge' }],
      },
    ],
    errors: [{ file: 'shop/src/broken.ts', message: 'could not be parsed', kind: 'read' }],
  };
}

export const LABELS = Object.fromEntries(
  METRICS.map(({ key }) => [key, { label: key, description: `about ${key}` }]),
) as MetricLabels;
