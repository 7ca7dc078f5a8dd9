import { expect } from 'chai';
import { orderOldestFirst } from '../../lib/verify/rotation-order';

describe('verify: rotated file names are read oldest first', () => {
  const cases: Array<[string, string[], string[]]> = [
    [
      'numbered: higher is older, numerically (10 before 2), .gz or not, the live file last',
      ['app.log', 'app.log.1', 'app.log.10.gz', 'app.log.2.gz', 'app.log.3'],
      ['app.log.10.gz', 'app.log.3', 'app.log.2.gz', 'app.log.1', 'app.log'],
    ],
    [
      'dateext: earlier dates first, the live file last',
      ['/var/log/app.log', '/var/log/app.log-20261125.gz', '/var/log/app.log-20261124'],
      ['/var/log/app.log-20261124', '/var/log/app.log-20261125.gz', '/var/log/app.log'],
    ],
    [
      'dateext with an hour or a dashed date',
      ['x.log-2026112510', 'x.log-2026112509', 'y.log-2026-11-25', 'y.log-2026-11-24'],
      ['x.log-2026112509', 'x.log-2026112510', 'y.log-2026-11-24', 'y.log-2026-11-25'],
    ],
    [
      'two rotation sets stay grouped, in the order each first appears',
      ['b.log', 'a.log.1', 'b.log.1', 'a.log'],
      ['b.log.1', 'b.log', 'a.log.1', 'a.log'],
    ],
    [
      'the same name in two directories is two sets',
      ['/h1/app.log', '/h2/app.log.1', '/h1/app.log.1', '/h2/app.log'],
      ['/h1/app.log.1', '/h1/app.log', '/h2/app.log.1', '/h2/app.log'],
    ],
    ['a lone file with a numeric name stays as it is', ['records.2026'], ['records.2026']],
  ];

  for (const [name, given, expected] of cases) {
    it(name, () => {
      expect(orderOldestFirst(given)).to.deep.equal(expected);
    });
  }
});
