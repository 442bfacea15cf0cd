import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import {
  signBody,
  SIGNATURE_HEADER,
  verifySignature,
  type OutboundMessage,
} from '@tandem/contracts';
import { DEMO_CHANNEL } from './demo-data';

/**
 * A terminal customer: talks to the running platform through the generic webhook, and
 * prints the replies the gateway delivers to its callback URL.
 *
 *   npm run chat            (then type; /human asks for a person, /quit leaves)
 */
const gatewayUrl = process.env.GATEWAY_URL ?? 'http://127.0.0.1:3000';
const channelId = process.env.CHANNEL_ID ?? DEMO_CHANNEL.id;
const secret = process.env.CHANNEL_SECRET ?? DEMO_CHANNEL.secret;
const callbackPort = Number(process.env.CALLBACK_PORT ?? 4100);
// 0.0.0.0 lets a gateway in a container reach the callback (see docs/docker.md).
const callbackHost = process.env.CALLBACK_HOST ?? '127.0.0.1';
const customerId = process.env.CUSTOMER_ID ?? `visitor-${randomUUID().slice(0, 8)}`;

const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'you> ' });

function print(line: string): void {
  process.stdout.write(`\r\x1b[K${line}\n`);
  rl.prompt(true);
}

const callback = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const raw = Buffer.concat(chunks);
    const check = verifySignature(
      secret,
      raw,
      request.headers[SIGNATURE_HEADER] as string | undefined,
      Math.floor(Date.now() / 1000),
      300,
    );
    if (!check.ok) {
      response.writeHead(401).end();
      print(`(refused a callback with a ${check.code.toLowerCase()} signature)`);
      return;
    }
    const message = JSON.parse(raw.toString('utf8')) as OutboundMessage;
    response.writeHead(200).end();
    print(`${message.from.role === 'bot' ? 'bot' : `agent`}> ${message.text}`);
  });
});

async function send(text: string, action?: 'request_human'): Promise<void> {
  const body = JSON.stringify({
    messageId: randomUUID(),
    from: { id: customerId, name: 'Terminal customer' },
    text,
    ...(action ? { action } : {}),
  });
  const response = await fetch(`${gatewayUrl}/v1/channels/${channelId}/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signBody(secret, body, Math.floor(Date.now() / 1000)),
    },
    body,
  });
  if (response.status !== 202)
    print(`(gateway answered ${response.status}: ${await response.text()})`);
}

callback.listen(callbackPort, callbackHost, () => {
  print(
    `Tandem chat as ${customerId}. Replies arrive at http://${callbackHost}:${callbackPort}/callback`,
  );
  print('Type a question (中文 or English). /human asks for a person, /quit leaves.');
  rl.prompt();
});

rl.on('line', (line) => {
  const text = line.trim();
  if (text === '/quit') return rl.close();
  if (!text) return rl.prompt();
  const sending = text === '/human' ? send('', 'request_human') : send(text);
  sending
    .catch((error: unknown) => print(`(could not reach the gateway: ${(error as Error).message})`))
    .finally(() => rl.prompt());
});

rl.on('close', () => {
  callback.close();
  process.exit(0);
});
