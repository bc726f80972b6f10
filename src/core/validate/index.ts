/** The validation suite (issue 13 item 6): cases with their truth, scoring, the runner. */
export * from './cases';
export * from './score';
export * from './runner';
export { runDiscoverChild, defaultCliPath } from './discoverAdapter';
