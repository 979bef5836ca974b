/**
 * Prints each skipped suite with its reason (jest shows nothing for a wholly skipped file), then the
 * closing line CI reads: "jest: N passed, N failed, N skipped".
 */
class SummaryReporter {
  constructor() {
    this.skipped = new Map();
  }

  onTestResult(_test, result) {
    for (const test of result.testResults) {
      if (test.status !== 'pending' && test.status !== 'todo') continue;
      // A test skipped on its own names its reason in its title; otherwise its suite does.
      const suite = test.title.includes('[skipped:')
        ? `${test.ancestorTitles[0]} › ${test.title}`
        : (test.ancestorTitles[0] ?? test.title);
      this.skipped.set(suite, (this.skipped.get(suite) ?? 0) + 1);
    }
  }

  onRunComplete(_contexts, results) {
    const lines = [...this.skipped].map(([suite, count]) => `skipped ${count} tests: ${suite}`);
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(
      `\n${lines.join('\n')}${lines.length ? '\n' : ''}jest: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
