/** winston level names -> RFC 5424 severities, for the syslog, npm and cli level sets. */
import { expect } from 'chai';
import { createLevelMapper } from '../../lib/format';

describe('level names -> severities', () => {
  const builtIn: Array<[string, string, number]> = [
    ['syslog', 'emerg', 0],
    ['syslog', 'alert', 1],
    ['syslog', 'crit', 2],
    ['syslog', 'error', 3],
    ['syslog', 'warning', 4],
    ['syslog', 'notice', 5],
    ['syslog', 'info', 6],
    ['syslog', 'debug', 7],
    ['npm', 'warn', 4],
    ['npm', 'http', 6],
    ['npm', 'verbose', 7],
    ['npm', 'silly', 7],
    ['cli', 'help', 6],
    ['cli', 'data', 6],
    ['cli', 'prompt', 6],
    ['cli', 'input', 6],
  ];
  const map = createLevelMapper();
  for (const [set, level, severity] of builtIn) {
    it(`${set} ${level} -> ${severity}`, () => expect(map(level)).to.equal(severity));
  }

  it('maps each record by its own level when levels repeat and alternate', () => {
    const levels = ['info', 'info', 'error', 'error', 'info', 'trace', 'trace', 'debug', 'info'];
    expect(levels.map((level) => createLevelMapper()(level))).to.deep.equal([6, 6, 3, 3, 6, 6, 6, 7, 6]);
    const one = createLevelMapper(undefined, 'crit');
    expect(levels.map((level) => one(level))).to.deep.equal([6, 6, 3, 3, 6, 2, 2, 7, 6]);
  });

  it('strips colorize() escape codes before the lookup', () => {
    expect(map('\x1b[31merror\x1b[39m')).to.equal(3);
    expect(map('\x1b[1m\x1b[33mwarn\x1b[39m\x1b[22m')).to.equal(4);
  });

  it('an unknown level gives the fallback and never throws', () => {
    expect(map('trace')).to.equal(6);
    expect(map('')).to.equal(6);
    expect(map('toString')).to.equal(6);
    expect(map('__proto__')).to.equal(6);
    expect(createLevelMapper(undefined, 'debug')('trace')).to.equal(7);
    expect(createLevelMapper(undefined, 2)('trace')).to.equal(2);
  });

  it('custom levels take numbers or names (warn included) and override built-ins', () => {
    const custom = createLevelMapper({ trace: 7, audit: 'notice', fatal: 'emerg', info: 'warn', http: 0 });
    expect([custom('trace'), custom('audit'), custom('fatal'), custom('info'), custom('http'), custom('debug')]).to.deep.equal([
      7, 5, 0, 4, 0, 7,
    ]);
  });

  describe('validation: TypeError naming the option', () => {
    const bad: Array<[string, () => unknown, string]> = [
      ['levels not an object', () => createLevelMapper('info' as never), 'levelMap'],
      ['levels an array', () => createLevelMapper([] as never), 'levelMap'],
      ['severity 8', () => createLevelMapper({ x: 8 }), 'levelMap'],
      ['severity -1', () => createLevelMapper({ x: -1 }), 'levelMap'],
      ['severity 1.5', () => createLevelMapper({ x: 1.5 }), 'levelMap'],
      ['unknown name', () => createLevelMapper({ x: 'fatal' }), 'levelMap'],
      ['name of another set', () => createLevelMapper({ x: 'silly' }), 'levelMap'],
      ['inherited name', () => createLevelMapper({ x: 'toString' }), 'levelMap'],
      ['fallback 9', () => createLevelMapper(undefined, 9 as never), 'defaultSeverity'],
      ['fallback name unknown', () => createLevelMapper(undefined, 'trace'), 'defaultSeverity'],
    ];
    for (const [name, make, option] of bad) {
      it(name, () => expect(make).to.throw(TypeError, `winston-rfc5424: option "${option}"`));
    }
  });
});
