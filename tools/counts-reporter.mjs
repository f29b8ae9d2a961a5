// Prints one plain "N passed, N failed, N skipped" line that CI log readers understand.
function count(results, tally) {
  for (const test of results?.tests ?? []) {
    if (test.skipped) tally.skipped++;
    else if (test.passed) tally.passed++;
    else tally.failed++;
  }
  for (const suite of results?.suites ?? []) count(suite, tally);
}

export function countsReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const tally = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        count(session.testResults, tally);
        // A file that failed to load has no test results but must still count as a failure.
        if (!session.passed && !session.testResults?.tests?.length && !session.testResults?.suites?.length) {
          tally.failed++;
        }
      }
      console.log(`browser: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
    },
  };
}
