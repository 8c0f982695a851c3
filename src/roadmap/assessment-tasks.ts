import { formatNumber, plural } from './format';
import type { Assessment, StrategicTaskSpec } from './model';

/**
 * Strategic tasks the readiness assessment calls for: the gaps between where the system is (its patterns and
 * current scale) and where it must go (growth and targets). Each derivation is one small, readable rule;
 * hours are rough estimates for a typical team and say so. Deterministic: the same assessment, the same tasks.
 */
export interface AssessmentTaskSpec extends StrategicTaskSpec {
  /** Task id is `assessment:<topic>`. */
  topic: string;
  /** The gap, in one sentence with the numbers from the assessment. */
  gap: string;
  /** Topics of other assessment tasks to do first (when they exist). */
  after?: string[];
  /** Assessment fields the task is about (the first is the gap; the rest the numbers behind it). */
  fields: string[][];
}

/** How many times today's load the targets ask for, and which fields say so. */
export interface Growth {
  factor: number;
  description: string;
  field: string[];
}

/** The largest growth any pair of (target, current) fields states; undefined when none can be computed. */
export function growthOf(a: Assessment): Growth | undefined {
  const scale = a.currentScale ?? {};
  const candidates: Growth[] = [];
  const ratio = (target: number | undefined, current: number | undefined, noun: string, field: string[]) => {
    if (target !== undefined && current !== undefined && current > 0 && target > 0) {
      candidates.push({
        factor: target / current,
        description: `${formatNumber(target)} ${noun} targeted vs ${formatNumber(current)} today`,
        field,
      });
    }
  };
  ratio(a.scaleTarget?.targetUsers, scale.activeUsers, 'users', ['scaleTarget', 'targetUsers']);
  ratio(a.growthProjections?.oneYearUserTarget, scale.activeUsers, 'users in a year', [
    'growthProjections',
    'oneYearUserTarget',
  ]);
  ratio(a.growthProjections?.sixMonthUserTarget, scale.activeUsers, 'users in six months', [
    'growthProjections',
    'sixMonthUserTarget',
  ]);
  ratio(a.scaleTarget?.targetConcurrentUsers, scale.concurrentUsers, 'concurrent users', [
    'scaleTarget',
    'targetConcurrentUsers',
  ]);
  ratio(a.scaleTarget?.targetRequestsPerSecond, scale.peakRequestsPerSecond, 'requests/s at the peak', [
    'scaleTarget',
    'targetRequestsPerSecond',
  ]);
  const traffic = a.growthProjections?.expectedTrafficGrowthPercent;
  if (traffic !== undefined) {
    candidates.push({
      factor: 1 + traffic / 100,
      description: `${formatNumber(traffic)}% traffic growth expected`,
      field: ['growthProjections', 'expectedTrafficGrowthPercent'],
    });
  }
  // Largest factor wins; on a tie the first listed (the more direct measure) does.
  let best: Growth | undefined;
  for (const candidate of candidates) if (!best || candidate.factor > best.factor) best = candidate;
  return best;
}

export function formatFactor(factor: number): string {
  return `${factor >= 10 ? formatNumber(Math.round(factor)) : formatNumber(factor)}×`;
}

/** Downtime a year allowed by an availability in percent: 99.9 → "8.8 h". */
function downtimePerYear(percent: number): string {
  return `${formatNumber(((100 - percent) / 100) * 365 * 24)} h`;
}

type Derivation = (a: Assessment, growth: Growth | undefined) => AssessmentTaskSpec | undefined;

const ESTIMATE = 'estimate for a typical team, not measured';

const DERIVATIONS: readonly Derivation[] = [
  // No (or only a basic) cache while the load is to grow tenfold: every request still reaches the database.
  (a, growth) => {
    const caching = a.currentArchitecture?.cachingStrategy;
    if ((caching !== 'none' && caching !== 'basic') || !growth || growth.factor < 10) return undefined;
    const none = caching === 'none';
    return {
      topic: 'caching',
      title: none ? 'Introduce a caching layer' : 'Grow the basic cache into a shared caching layer',
      gap: `${none ? 'Nothing is cached' : 'Caching is basic'} while the load is to grow ${formatFactor(growth.factor)} (${growth.description}): ${none ? 'every read reaches the database' : 'most reads still reach the database'}.`,
      hours: none ? 40 : 32,
      hoursBasis: `estimate: ${none ? 40 : 32} h for a shared cache (e.g. Redis) with cache-aside on the hottest read paths (${ESTIMATE})`,
      impact: 'high',
      severity: 'warning',
      risk: 'medium',
      mitigation:
        'Start with one hot, read-mostly endpoint behind a flag; give every key a TTL and invalidate on write; watch the hit rate and stale reads before widening it.',
      skills: ['Caching', 'Redis', 'Backend'],
      earliestPhase: 'core-infrastructure',
      fields: [['currentArchitecture', 'cachingStrategy'], growth.field],
    };
  },
  // One database for everything while the load grows tenfold: connections run out first, then reads.
  (a, growth) => {
    if (a.currentArchitecture?.databasePattern !== 'single_db' || !growth || growth.factor < 10) return undefined;
    const connections = a.currentScale?.databaseConnections;
    return {
      topic: 'connection-pooling',
      title: 'Put a connection pooler in front of the database',
      gap:
        `A single database serves everything${connections !== undefined ? ` (${plural(connections, 'connection')} at the peak today)` : ''}; ` +
        `at ${formatFactor(growth.factor)} the load (${growth.description}) every new pod opens more connections than it can take.`,
      hours: 8,
      hoursBasis: `estimate: 8 h for a pooler (e.g. PgBouncer) between the services and the database (${ESTIMATE})`,
      impact: 'high',
      severity: 'warning',
      risk: 'medium',
      mitigation:
        'Use transaction pooling only where the code holds no session state (prepared statements, SET, advisory locks); move one service at a time and watch wait times in the pooler.',
      skills: ['PostgreSQL', 'Database operations'],
      fields: [
        ['currentArchitecture', 'databasePattern'],
        ...(connections !== undefined ? [['currentScale', 'databaseConnections']] : []),
        growth.field,
      ],
    };
  },
  (a, growth) => {
    if (a.currentArchitecture?.databasePattern !== 'single_db' || !growth || growth.factor < 10) return undefined;
    return {
      topic: 'read-replicas',
      title: 'Add a read replica for the read-heavy paths',
      gap: `Every read and write goes to one database while the load is to grow ${formatFactor(growth.factor)} (${growth.description}).`,
      hours: 40,
      hoursBasis: `estimate: 40 h for a managed replica and read routing in the data access layer (${ESTIMATE})`,
      impact: 'high',
      severity: 'warning',
      risk: 'medium',
      mitigation:
        'Route only reads that tolerate replication lag (catalogue, search) to the replica; keep read-your-writes paths on the primary and alert on lag.',
      skills: ['PostgreSQL', 'Database operations', 'Backend'],
      earliestPhase: 'core-infrastructure',
      after: ['connection-pooling'],
      fields: [['currentArchitecture', 'databasePattern'], growth.field],
    };
  },
  // A monolith, a team big enough to split the work, and growth to plan for.
  (a, growth) => {
    const team = a.constraints?.teamSize;
    if (
      a.currentArchitecture?.applicationPattern !== 'monolith' ||
      team === undefined ||
      team < 4 ||
      !growth ||
      growth.factor < 2
    )
      return undefined;
    return {
      topic: 'decomposition',
      title: "Plan the monolith's decomposition",
      gap: `A monolith, a team of ${formatNumber(team)} and ${formatFactor(growth.factor)} growth ahead (${growth.description}): parts that scale differently, and the people changing them, are tied together.`,
      hours: 200,
      hoursBasis: `estimate: 200 h to carve out the first bounded context and its data (${ESTIMATE}; the decomposition planner refines it)`,
      impact: 'medium',
      severity: 'info',
      risk: 'high',
      mitigation:
        'Strangler fig: decide data ownership first, carve out one bounded context at a time behind the existing API, keep the monolith path as the fallback until the new service has carried real traffic.',
      skills: ['Architecture', 'Domain-driven design', 'Data migration'],
      earliestPhase: 'strategic-evolution',
      fields: [['currentArchitecture', 'applicationPattern'], ['constraints', 'teamSize'], growth.field],
    };
  },
  // One server: no room to add capacity and nothing to fail over to.
  (a) => {
    if (a.currentArchitecture?.deploymentPattern !== 'single_server') return undefined;
    return {
      topic: 'deployment',
      title: 'Move to a load-balanced, containerised deployment',
      gap: 'Everything runs on a single server: capacity cannot be added under load, and its failure is an outage.',
      hours: 40,
      hoursBasis: `estimate: 40 h for container images, a load balancer and two instances with health checks (${ESTIMATE})`,
      impact: 'high',
      severity: 'warning',
      risk: 'medium',
      mitigation:
        'Make the application stateless first (sessions and uploads out of the process and off the disk), then run the new setup beside the old one and shift traffic gradually.',
      skills: ['Containers', 'Load balancing', 'CI/CD'],
      earliestPhase: 'core-infrastructure',
      fields: [['currentArchitecture', 'deploymentPattern']],
    };
  },
  // An uptime target above today's: single points of failure have to go.
  (a) => {
    const current = a.currentScale?.uptimePercent;
    const target = a.scaleTarget?.targetUptimePercent;
    if (current === undefined || target === undefined || target <= current) return undefined;
    return {
      topic: 'availability',
      title: 'Remove single points of failure',
      gap: `Uptime is to rise from ${formatNumber(current)}% to ${formatNumber(target)}%: from ${downtimePerYear(current)} of downtime a year to ${downtimePerYear(target)}.`,
      hours: 32,
      hoursBasis: `estimate: 32 h to map failure domains and add redundancy where there is none (${ESTIMATE})`,
      impact: 'high',
      severity: 'warning',
      risk: 'medium',
      mitigation:
        'List each component with what happens when it fails; add redundancy one at a time and prove each failover in a game day before relying on it.',
      skills: ['SRE', 'Infrastructure', 'Monitoring'],
      after: ['deployment'],
      fields: [
        ['scaleTarget', 'targetUptimePercent'],
        ['currentScale', 'uptimePercent'],
      ],
    };
  },
  // Responses slower today than the target allows.
  (a) => {
    const current = a.currentScale?.averageResponseTimeMs;
    const target = a.scaleTarget?.maxResponseTimeMs;
    if (current === undefined || target === undefined || target >= current) return undefined;
    return {
      topic: 'response-time',
      title: 'Profile and cut response time',
      gap: `Responses average ${formatNumber(current)} ms today; the target is under ${formatNumber(target)} ms.`,
      hours: 24,
      hoursBasis: `estimate: 24 h to trace the slowest endpoints and fix the top offenders (${ESTIMATE})`,
      impact: 'high',
      severity: 'warning',
      risk: 'low',
      mitigation:
        'Measure before changing: trace p95 (not the average) per endpoint, fix the worst first and check each change against the baseline.',
      skills: ['Profiling', 'APM', 'Backend'],
      fields: [
        ['scaleTarget', 'maxResponseTimeMs'],
        ['currentScale', 'averageResponseTimeMs'],
      ],
    };
  },
];

/** The assessment's tasks, in the order of the table above. */
export function deriveAssessmentTasks(assessment: Assessment): AssessmentTaskSpec[] {
  const growth = growthOf(assessment);
  return DERIVATIONS.map((derive) => derive(assessment, growth)).filter(
    (spec): spec is AssessmentTaskSpec => spec !== undefined,
  );
}
