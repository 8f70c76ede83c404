import type { BenchCase } from '../core/cases';
import { backlogDrainCase } from './backlog-drain';
import { boardCase } from './board';
import { bundleCase } from './bundle';
import { captureLatencyCase } from './capture-latency';
import { kpiCase } from './kpi';
import { machineCollectorCase } from './machine-collector';
import { masterPullCase } from './master-pull';
import { pgIngestCase } from './pg-ingest';
import { memoryCase } from './memory';
import { scanningCase } from './scanning';
import { serverIngestCase } from './server-ingest';
import { startupBacklogCase } from './startup-backlog';
import { timingGuardsCase } from './timing-guards';

// In the order they run. They run one after another: in parallel on two cores they would distort each other.
export const CASES: readonly BenchCase[] = [
  bundleCase,
  scanningCase,
  timingGuardsCase,
  captureLatencyCase,
  masterPullCase,
  startupBacklogCase,
  backlogDrainCase,
  serverIngestCase,
  pgIngestCase,
  boardCase,
  kpiCase,
  machineCollectorCase,
  memoryCase,
];
