// A real SMTP server on loopback (the smtp-server package) that keeps what it receives: the e-mail tests send through it.
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  from: string;
  to: string[];
  raw: Buffer;
  mail: ParsedMail;
}

export interface TestSmtp {
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/**
 * `user`/`pass`: the credentials it accepts (AUTH required when given; plain text allowed on loopback).
 * `refuse`: recipient addresses it answers 550 to at RCPT TO.
 * `starttls`: STARTTLS offered, with the package's self-signed certificate.
 */
export async function startSmtp(opts: { user?: string; pass?: string; refuse?: RegExp; starttls?: boolean } = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    // `starttls`: offered with smtp-server's own self-signed certificate (which a client that checks must refuse).
    disabledCommands: opts.starttls ? [] : ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: !opts.user,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === opts.user && auth.password === opts.pass) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      if (opts.refuse?.test(address.address)) cb(Object.assign(new Error(`<${address.address}>: mailbox unavailable`), { responseCode: 550 }));
      else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((mail) => {
            const from = session.envelope.mailFrom;
            received.push({ from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, mail });
            cb();
          })
          .catch((err: Error) => cb(err));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A loopback port with nothing listening (taken, then freed). */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
