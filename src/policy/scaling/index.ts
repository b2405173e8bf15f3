/** The scaling decisions: pure functions over plain data (see types.ts for the contracts). */
export { planScaleUp } from './scale-up/plan.ts';
export { evaluateScaleDown } from './scale-down/evaluate.ts';
export { judgeUtilisation, DEFAULT_UTILISATION_SETTINGS } from './scale-down/utilisation.ts';
export { formatRecord } from './explain.ts';
export { allocatableOf, systemReserve, POD_CAPACITY } from './allocatable.ts';
export { templateLabels } from './template-labels.ts';
export { podRequestsOf } from './pod-requests.ts';
export { pendingPodFromKube, runningPodFromKube, clusterNodeFromKube, pdbFromKube } from './from-kube.ts';
export type * from './types.ts';
export type * from './record-types.ts';
