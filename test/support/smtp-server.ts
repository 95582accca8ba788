import type { Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1 for tests: it keeps every message it takes, parsed, and can be
 * told to refuse a recipient for good (550), to refuse one for now (451), or to drop the connection
 * in the middle of the next sessions.
 */
export interface ReceivedMail {
  from: string;
  to: string[];
  parsed: ParsedMail;
  raw: string;
}

export interface TestSmtpServer {
  /** smtp://user:secret@127.0.0.1:<port> */
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Recipients answered 550 at RCPT TO. */
  refuse: Set<string>;
  /** Recipients answered 451 (try again later) at RCPT TO. */
  defer: Set<string>;
  /** The next this many sessions are cut off when the message data begins. */
  dropNext(sessions: number): void;
  /** Sessions cut off so far. */
  dropped(): number;
  /** Resolves once `count` messages have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const refuse = new Set<string>();
  const defer = new Set<string>();
  const sockets = new Map<number, Socket>();
  let toDrop = 0;
  let droppedCount = 0;
  const waiters: (() => void)[] = [];
  const notify = () => {
    for (const w of waiters.splice(0)) w();
  };

  const smtp = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anyone' });
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const to = address.address.toLowerCase();
      if (refuse.has(to)) {
        const error = Object.assign(new Error(`5.1.1 <${to}>: mailbox unavailable`), { responseCode: 550 });
        callback(error);
        return;
      }
      if (defer.has(to)) {
        const error = Object.assign(new Error(`4.2.1 <${to}>: mailbox busy, try again later`), {
          responseCode: 451,
        });
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      if (toDrop > 0) {
        toDrop -= 1;
        droppedCount += 1;
        stream.resume();
        sockets.get(session.remotePort)?.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw).then(
          (parsed) => {
            const envelope = session.envelope;
            received.push({
              from: envelope.mailFrom ? envelope.mailFrom.address : '',
              to: envelope.rcptTo.map((r) => r.address),
              parsed,
              raw,
            });
            callback();
            notify();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  const net = (smtp as unknown as { server: import('node:net').Server }).server;
  net.on('connection', (socket: Socket) => {
    const port = socket.remotePort;
    if (port === undefined) return;
    sockets.set(port, socket);
    socket.on('close', () => sockets.delete(port));
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(0, '127.0.0.1', () => resolve());
  });
  smtp.on('error', () => undefined);
  const address = net.address();
  if (address === null || typeof address === 'string') throw new Error('the test SMTP server has no port');
  const port = address.port;
  return {
    url: `smtp://user:secret@127.0.0.1:${port}`,
    port,
    received,
    refuse,
    defer,
    dropNext(sessions) {
      toDrop = sessions;
    },
    dropped: () => droppedCount,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${count} messages, the SMTP server got ${received.length}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received.slice(0, count);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets.values()) socket.destroy();
        smtp.close(() => resolve());
      }),
  };
}
