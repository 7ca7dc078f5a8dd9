import { expect } from 'chai';
import { createServer, Server, Socket } from 'net';
import winston from 'winston';
import { SyslogTransport } from '../../../lib';
import { FrameParser, RelpFrame } from '../../../lib/senders/relp/frame';

type Script = (frame: RelpFrame, reply: (text: string) => void, socket: Socket, session: number) => void;

/** A RELP server whose answers the test scripts; records every frame it got, per session. */
async function scriptedServer(script: Script): Promise<{ port: number; sessions: RelpFrame[][]; close(): void }> {
  const sessions: RelpFrame[][] = [];
  const sockets: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.push(socket);
    const frames: RelpFrame[] = [];
    const session = sessions.push(frames) - 1;
    const parser = new FrameParser();
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of parser.push(chunk)) {
        frames.push(frame);
        script(frame, (text) => socket.write(text), socket, session);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    sessions,
    close: () => {
      sockets.forEach((s) => s.destroy());
      server.close();
    },
  };
}

const OFFERS = '200 OK\nrelp_version=0\nrelp_software=scripted\ncommands=syslog';
const rsp = (txnr: number, data: string): string => `${txnr} rsp ${Buffer.byteLength(data)} ${data}\n`;
const msgOf = (frame: RelpFrame): string => frame.data.toString().replace(/^.* - /, '');

function logger(port: number) {
  const transport = new SyslogTransport({ protocol: 'relp', host: '127.0.0.1', port, reconnectMinMs: 20, reconnectMaxMs: 50, closeTimeoutMs: 1000 });
  const warnings: NodeJS.ErrnoException[] = [];
  transport.on('warn', (w: NodeJS.ErrnoException) => warnings.push(w));
  return { transport, warnings, log: winston.createLogger({ transports: [transport] }) };
}

const until = async (check: () => boolean, ms = 5000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('RELP sender against a scripted server', () => {
  it('opens with the offers, sends each record as a syslog frame, counts it once answered, closes with close', async () => {
    const server = await scriptedServer((frame, reply) => {
      if (frame.command === 'open') reply(rsp(frame.txnr, OFFERS));
      else reply(rsp(frame.txnr, '200 OK'));
    });
    try {
      const { transport, log } = logger(server.port);
      log.info('one');
      log.info('two');
      await until(() => transport.stats().sent === 2);
      await transport.close();
      const frames = server.sessions[0];
      expect(frames.map((f) => [f.txnr, f.command])).to.deep.equal([[1, 'open'], [2, 'syslog'], [3, 'syslog'], [4, 'close']]);
      expect(frames[0].data.toString()).to.match(/^relp_version=0\nrelp_software=winston-rfc5424,\d+\.\d+\.\d+,https:\/\/\S+\ncommands=syslog$/);
      expect(frames.slice(1, 3).map(msgOf)).to.deep.equal(['one', 'two']);
    } finally {
      server.close();
    }
  });

  it('a 500 answer drops that record (counted as sendFailed, with a warning), the others are sent', async () => {
    const server = await scriptedServer((frame, reply) => {
      if (frame.command === 'open') reply(rsp(frame.txnr, OFFERS));
      else if (frame.command === 'syslog' && msgOf(frame) === 'refuse me') reply(rsp(frame.txnr, '500 no thanks'));
      else reply(rsp(frame.txnr, '200 OK'));
    });
    try {
      const { transport, warnings, log } = logger(server.port);
      log.info('before');
      log.info('refuse me');
      log.info('after');
      // then the transport's own "dropped 1 record" report is sent too
      await until(() => transport.stats().sent === 3 && transport.stats().dropped === 1);
      expect(transport.stats().drops.sendFailed).to.equal(1);
      expect(warnings[0].message).to.match(/refused a record: 500 no thanks/);
      await transport.close();
    } finally {
      server.close();
    }
  });

  it('serverclose: reconnects, resends what was not answered in order with TXNRs from 1, and loses nothing', async () => {
    const server = await scriptedServer((frame, reply, socket, session) => {
      if (frame.command === 'open') return reply(rsp(frame.txnr, OFFERS));
      if (session === 0) {
        // answer the first record only, then shut down with two records unanswered
        if (frame.txnr === 2) reply(rsp(2, '200 OK'));
        if (frame.txnr === 4) {
          reply('0 serverclose 0\n');
          socket.end();
        }
        return;
      }
      reply(rsp(frame.txnr, '200 OK'));
    });
    try {
      const { transport, warnings, log } = logger(server.port);
      for (const m of ['a', 'b', 'c']) log.info(m);
      await until(() => transport.stats().sent === 3);
      expect(warnings[0].code).to.equal('ERELPSERVERCLOSE');
      expect(transport.stats()).to.include({ dropped: 0, reconnects: 1 });
      expect(server.sessions[1].filter((f) => f.command === 'syslog').map((f) => [f.txnr, msgOf(f)])).to.deep.equal([
        [2, 'b'],
        [3, 'c'],
      ]);
      await transport.close();
    } finally {
      server.close();
    }
  });

  it('a server that does not offer the syslog command is refused at open', async () => {
    const server = await scriptedServer((frame, reply) => {
      if (frame.command === 'open') reply(rsp(frame.txnr, '200 OK\nrelp_version=0\ncommands=other'));
    });
    try {
      const { transport, warnings, log } = logger(server.port);
      log.info('x');
      await until(() => warnings.length > 0);
      expect(warnings[0].code).to.equal('ERELPREFUSED');
      expect(warnings[0].message).to.match(/does not offer the RELP command "syslog"/);
      expect(transport.stats().sent).to.equal(0);
      await transport.close();
    } finally {
      server.close();
    }
  });

  it('answers in another order than sent are accepted; records are reported in order', async () => {
    const held: number[] = [];
    const server = await scriptedServer((frame, reply) => {
      if (frame.command === 'open') return reply(rsp(frame.txnr, OFFERS));
      if (frame.command !== 'syslog') return reply(rsp(frame.txnr, '200 OK'));
      held.push(frame.txnr);
      if (held.length === 3) for (const t of held.reverse()) reply(rsp(t, '200 OK'));
    });
    try {
      const { transport, log } = logger(server.port);
      for (const m of ['a', 'b', 'c']) log.info(m);
      await until(() => transport.stats().sent === 3);
      expect(transport.stats()).to.include({ inFlight: 0, dropped: 0 });
      await transport.close();
    } finally {
      server.close();
    }
  });
});
