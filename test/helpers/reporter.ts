/**
 * Mocha's spec reporter plus one closing line, "mocha: N passed, N failed[, N skipped]": the plain
 * summary CI reads to count the tests (it does not read mocha's own "N passing").
 * Registered in .mocharc.json ("reporter": "build/test/helpers/reporter.js").
 */
import Mocha from 'mocha';

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    // Registered after Spec's own handler, so the line comes after its epilogue.
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = this.stats;
      console.log(`mocha: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
    });
  }
}

export = SpecWithSummary;
