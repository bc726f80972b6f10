/**
 * Numbers the integration tests measure; index.ts writes them into the test
 * report. Kept on globalThis because each test file is bundled separately.
 */
const g = globalThis as unknown as { __noetherMeasurements?: Record<string, number | string> };
export const measurements: Record<string, number | string> = (g.__noetherMeasurements ??= {});
