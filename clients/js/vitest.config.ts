import { defineConfig } from 'vitest/config';

// TEST_RESULTS_DIR set (the repo's test command): also write a JUnit report for its closing line.
const resultsDir = process.env.TEST_RESULTS_DIR;

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 90_000,
    // Each file that needs the Api starts its own; two at a time on the 2-core machine.
    maxWorkers: 2,
    reporters: resultsDir ? ['default', 'junit'] : ['default'],
    outputFile: resultsDir ? { junit: `${resultsDir}/client-js.junit.xml` } : undefined,
  },
});
