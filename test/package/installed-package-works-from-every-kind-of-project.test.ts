import { expect } from 'chai';
import { execFile } from 'child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import { startRsyslog, type Rsyslog } from '../helpers/rsyslog';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');
const CONSUMERS = join(ROOT, 'test', 'package', 'consumers');
const BIN = join(ROOT, 'node_modules', '.bin');
const devVersion = (name: string): string => require(join(ROOT, 'package.json')).devDependencies[name];

/** Runs a command, failing with what it printed. */
async function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, env: { ...process.env, ...env }, timeout: 180_000, maxBuffer: 16 << 20 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

describe('the packed package works from CommonJS, ES modules and TypeScript, as users install it', function () {
  this.timeout(300_000);
  let dir: string;
  let tarball: string;
  let rsyslog: Rsyslog;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'winston-rfc5424-consumers-'));
    // `npm pack` builds dist/ through the prepare script, as a publish does.
    await sh('npm', ['pack', '--pack-destination', dir, '--silent'], ROOT);
    tarball = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz'))!);
    const projects = join(dir, 'projects');
    cpSync(CONSUMERS, projects, { recursive: true });
    writeFileSync(join(projects, 'package.json'), JSON.stringify({ private: true, name: 'consumers' }));
    // The optional native addon is not needed here: the consumers log over unix-stream.
    await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=optional', '--loglevel=error',
      tarball, `winston@${devVersion('winston')}`, `@types/node@${devVersion('@types/node')}`], projects);
    rsyslog = await startRsyslog({ unixStream: true });
  });

  after(async () => {
    await rsyslog?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const projects = (): string => join(dir, 'projects');
  const runConsumer = (script: string): Promise<string> =>
    sh(process.execPath, [script], projects(), { SYSLOG_SOCKET: rsyslog.unixStreamPath });
  const tsc = (project: string): Promise<string> => sh(join(BIN, 'tsc'), ['-p', join(projects(), project)], projects());

  /** The one record the consumer logged, as rsyslog parsed it. */
  async function arrived(project: string): Promise<void> {
    const message = `${project}: hello`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const records = await rsyslog.records();
      const found = records.filter((r) => r.msg === message);
      if (found.length > 0 || Date.now() > deadline) {
        expect(found, message).to.have.length(1);
        expect(found[0]).to.include({ appName: 'consumer', severity: 6, protocolVersion: 1 });
        return;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('arethetypeswrong finds no problem in the tarball (node10, node16 from CJS and ESM, bundler)', async () => {
    const out = await sh(join(BIN, 'attw'), [tarball, '--format', 'json'], dir).catch((e: Error) => e.message);
    const report = JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as { analysis: { problems: unknown[] } };
    expect(report.analysis.problems).to.deep.equal([]);
  });

  it('publint reports no error, warning or suggestion for the tarball', async () => {
    const out = await sh(join(BIN, 'publint'), ['run', tarball, '--strict'], dir);
    expect(out).to.include('All good!');
  });

  it('the tarball ships no source maps and no TypeScript sources, only built code and types', async () => {
    const files = (await sh('tar', ['-tzf', tarball], dir)).trim().split('\n');
    expect(files.filter((f) => f.endsWith('.map'))).to.deep.equal([]);
    expect(files.filter((f) => /\.[mc]?ts$/.test(f) && !/\.d\.[mc]?ts$/.test(f))).to.deep.equal([]);
    expect(files).to.include.members(['package/dist/lib/index.js', 'package/dist/lib/index.mjs', 'package/dist/lib/index.d.ts', 'package/dist/lib/index.d.mts']);
  });

  it('require() from CommonJS gives the class as a named export and logs into rsyslogd', async () => {
    await runConsumer('cjs/main.js');
    await arrived('cjs');
  });

  it('import from an ES module: default and named give the class require() gives (one copy loaded)', async () => {
    await runConsumer('esm/main.js');
    await arrived('esm');
  });

  it('TypeScript with nodenext in an ES module type-checks default and named imports, runs and logs', async () => {
    await tsc('ts-nodenext-esm');
    await runConsumer('ts-nodenext-esm/out/main.js');
    await arrived('ts-nodenext-esm');
  });

  it('TypeScript with nodenext in a CommonJS module type-checks the named import, runs and logs', async () => {
    await tsc('ts-nodenext-cjs');
    await runConsumer('ts-nodenext-cjs/out/main.js');
    await arrived('ts-nodenext-cjs');
  });

  it('TypeScript with bundler resolution type-checks default and named imports', async () => {
    await tsc('ts-bundler');
  });

  it('TypeScript types a default import in a CommonJS module as the module object, as require() gives it (TS2351)', async () => {
    const file = join(projects(), 'ts-nodenext-cjs', 'default-import.ts');
    writeFileSync(file, "import SyslogTransport from 'winston-rfc5424';\nnew SyslogTransport();\n");
    const error = await sh(join(BIN, 'tsc'), ['--noEmit', '--module', 'nodenext', '--strict', '--types', 'node', file], projects()).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/TS2351: This expression is not constructable/);
  });

  it('the winston-rfc5424 command runs from the installed package', async () => {
    const out = await sh(join(projects(), 'node_modules', '.bin', 'winston-rfc5424'), ['--help'], projects());
    expect(out).to.match(/^Usage: winston-rfc5424 <command>/);
  });
});
