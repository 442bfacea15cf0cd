/// <reference lib="dom" />
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { minify } from 'terser';
import { eventually, REPO_ROOT, uniqueId } from '@tandem/testing';
import { DEMO_PASSWORD } from '../scripts/demo-data';
import { launchBrowser, newContext } from '../scripts/harness/browser';
import { DeskSocket } from '../scripts/harness/desk-socket';
import { PlatformUnderTest } from '../scripts/harness/platform';
import { grid, loadAverage, numericArgs, percentile } from './stats';

/**
 * The web console (apps/console, served by the desk at /console/) and the chat widget
 * (served by the gateway at /widget/) in Debian's Chromium against the five running apps,
 * each figure beside a baseline measured in the same run:
 * 1. Bundles: dist/console/assets/*.{js,css} and dist/widget/widget.js, raw and gzip, beside
 *    React + ReactDOM's production files from node_modules (as shipped, and mangled by terser
 *    in memory, since the console's bundle is minified).
 * 2. Cold load (--loads fresh contexts): navigation → the sign-in form usable, and the
 *    Sign in click → the workspace ready (Presence select, conversation list loaded), both
 *    timed by the page's own clock; baselines: /console/settings.json loaded in a fresh
 *    context, and the sign-in's API calls (login; conversations, offers, agents/me) by fetch().
 * 3. Live messages: --messages customer messages through the signed webhook at --rate per
 *    second to a conversation alice holds open in the workspace; just before the POST → the
 *    text in the page (a MutationObserver notes the time), beside a bare desk socket watching
 *    the same conversation.
 * 4. Long transcript: a conversation whose customer wrote --transcript messages before asking
 *    for a person; the click on it in the list → its last message in view, --repeats times,
 *    beside the same view's JSON fetched in the page.
 *
 *   npm run build && node dist/bench/console.js [--loads 10] [--messages 50] [--rate 5]
 *     [--transcript 200] [--repeats 5]
 */
const args = numericArgs();
const LOADS = args.get('loads') ?? 10;
const MESSAGES = args.get('messages') ?? 50;
const RATE = args.get('rate') ?? 5;
const TRANSCRIPT = args.get('transcript') ?? 200;
const REPEATS = args.get('repeats') ?? 5;
const WAIT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Milliseconds since the epoch with sub-millisecond precision (the page uses the same). */
const epochNow = () => performance.timeOrigin + performance.now();

/** Runs one phase and says how long it took. */
async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  console.log(`${name}… (load average ${loadAverage()})`);
  const result = await run();
  console.log(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

function sizeRows(): [string, string[]][] {
  const dist = join(REPO_ROOT, 'dist');
  const assets = join(dist, 'console', 'assets');
  const files = readdirSync(assets)
    .filter((name) => name.endsWith('.js') || name.endsWith('.css'))
    .map((name): [string, string] => [
      `console ${name.replace(/-[\w-]{8}\./, '.')}`,
      join(assets, name),
    ]);
  files.push(['widget widget.js', join(dist, 'widget', 'widget.js')]);
  const rows = files.map(([label, path]): [string, string[]] => {
    const raw = readFileSync(path);
    return [label, [kb(raw.length), kb(gzipSync(raw).length)]];
  });
  const consoleTotal = files
    .filter(([label]) => label.startsWith('console'))
    .map(([, path]) => readFileSync(path));
  rows.push([
    'console, all files',
    [
      kb(consoleTotal.reduce((sum, file) => sum + file.length, 0)),
      kb(consoleTotal.reduce((sum, file) => sum + gzipSync(file).length, 0)),
    ],
  ]);
  return rows;
}

/** React + ReactDOM's client as the console ships them: the production files in node_modules. */
const REACT_FILES = [
  'react/cjs/react.production.js',
  'react/cjs/react-jsx-runtime.production.js',
  'react-dom/cjs/react-dom.production.js',
  'react-dom/cjs/react-dom-client.production.js',
  'scheduler/cjs/scheduler.production.js',
];

async function reactRows(): Promise<[string, string[]][]> {
  const sources = REACT_FILES.map((file) => readFileSync(join(REPO_ROOT, 'node_modules', file)));
  const raw = Buffer.concat(sources);
  const mangled = await Promise.all(
    sources.map(async (source) => {
      const result = await minify(source.toString('utf8'), { compress: false, mangle: true });
      return Buffer.from(result.code ?? '');
    }),
  );
  const min = Buffer.concat(mangled);
  return [
    [`React+ReactDOM (${REACT_FILES.length} files)`, [kb(raw.length), kb(gzipSync(raw).length)]],
    ['  the same, terser-mangled', [kb(min.length), kb(gzipSync(min).length)]],
  ];
}

function latencyRow(label: string, values: readonly number[], missing = 0): [string, string[]] {
  const sorted = [...values].sort((a, b) => a - b);
  const fixed = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');
  return [
    label,
    [
      String(sorted.length),
      String(missing),
      fixed(percentile(sorted, 50)),
      fixed(percentile(sorted, 99)),
      fixed(sorted.at(-1) ?? Number.NaN),
    ],
  ];
}

/** Notes (in the page's clock) when the next click happens anywhere in the page. */
async function armClick(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { benchClickAt?: number };
    w.benchClickAt = Number.NaN;
    document.addEventListener('click', () => (w.benchClickAt = performance.now()), {
      capture: true,
      once: true,
    });
  });
}

/** The page's clock when the sign-in form can be filled in (its fields visible and enabled). */
const FORM_USABLE = () => {
  const fields = Array.from(document.querySelectorAll('input'));
  const button = Array.from(document.querySelectorAll('button')).find(
    (candidate) => candidate.textContent?.trim() === 'Sign in',
  );
  const ready =
    fields.length >= 3 &&
    fields.every((field) => !field.disabled && field.offsetParent !== null) &&
    button &&
    !button.disabled;
  return ready ? performance.now() : false;
};

/** The page's clock when the workspace is ready: the Presence select and the list loaded. */
const WORKSPACE_READY = () => {
  const labels = Array.from(document.querySelectorAll('label'));
  const presence = labels.some((label) => label.textContent?.includes('Presence'));
  const list = document.querySelector('nav.ws-list');
  const loaded = list && !list.textContent?.includes('Loading…');
  return presence && loaded ? performance.now() : false;
};

async function signIn(page: Page, tenantId: string, email: string): Promise<void> {
  await page.getByLabel('Workspace (tenant)').fill(tenantId);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
}

interface ColdLoads {
  form: number[];
  staticFile: number[];
  workspace: number[];
  api: number[];
}

/** Fresh contexts, console and baseline alternating so both see the same machine. */
async function coldLoads(browser: Browser, platform: PlatformUnderTest): Promise<ColdLoads> {
  const desk = platform.url('agent-desk');
  const result: ColdLoads = { form: [], staticFile: [], workspace: [], api: [] };
  for (let i = 0; i < LOADS; i++) {
    const bare = await newContext(browser);
    try {
      const page = await bare.newPage();
      await page.goto(`${desk}/console/settings.json`);
      result.staticFile.push(
        await page.evaluate(() => {
          const [entry] = performance.getEntriesByType(
            'navigation',
          ) as PerformanceNavigationTiming[];
          return entry!.loadEventEnd;
        }),
      );
      // The sign-in's requests alone, from the same origin: login, then the lists it reads.
      result.api.push(
        await page.evaluate(
          async ({ tenant, password }) => {
            const t0 = performance.now();
            const login = await fetch('/v1/auth/login', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ tenant, email: 'bob@demo.test', password }),
            });
            const { accessToken } = (await login.json()) as { accessToken: string };
            const headers = { authorization: `Bearer ${accessToken}` };
            await Promise.all(
              ['/v1/conversations', '/v1/offers', '/v1/agents/me'].map(async (path) =>
                (await fetch(path, { headers })).json(),
              ),
            );
            return performance.now() - t0;
          },
          { tenant: platform.tenantId, password: DEMO_PASSWORD },
        ),
      );
    } finally {
      await bare.close();
    }

    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(`${desk}/console/`, { waitUntil: 'commit' });
      const form = await page.waitForFunction(FORM_USABLE, undefined, {
        polling: 'raf',
        timeout: WAIT_MS,
      });
      result.form.push((await form.jsonValue()) as number);
      await signIn(page, platform.tenantId, 'bob@demo.test');
      await armClick(page);
      await page.getByRole('button', { name: 'Sign in' }).click();
      const ready = (await (
        await page.waitForFunction(WORKSPACE_READY, undefined, { polling: 'raf', timeout: WAIT_MS })
      ).jsonValue()) as number;
      const clickedAt = await page.evaluate(
        () => (window as unknown as { benchClickAt: number }).benchClickAt,
      );
      result.workspace.push(ready - clickedAt);
    } finally {
      await context.close();
    }
  }
  return result;
}

/** A customer writes through the webhook, then asks for a person; answers the conversation. */
async function escalated(platform: PlatformUnderTest, customerId: string): Promise<string> {
  const response = await platform.customerSays(customerId, 'I want to talk to a person', {
    action: 'request_human',
  });
  if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
  return ((await response.json()) as { conversationId: string }).conversationId;
}

/** Opens the console in its own context, signed in as `email`. */
async function consoleOf(
  browser: Browser,
  platform: PlatformUnderTest,
  email: string,
): Promise<Page> {
  const context = await newContext(browser);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`  page error: ${error.message}`));
  await page.goto(`${platform.url('agent-desk')}/console/`);
  await signIn(page, platform.tenantId, email);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Presence').waitFor({ timeout: WAIT_MS });
  return page;
}

interface Live {
  page: number[];
  socket: number[];
  pageMissing: number;
  socketMissing: number;
  /** Per message seen by both: the page's time minus the socket's (what the browser adds). */
  added: number[];
  maxSendLagMs: number;
}

async function liveMessages(
  platform: PlatformUnderTest,
  page: Page,
  token: string,
  conversationId: string,
  customerId: string,
): Promise<Live> {
  const marker = uniqueId('live-');
  // The page notes (epoch ms) each customer message carrying the marker when React adds it.
  await page.evaluate((prefix) => {
    const w = window as unknown as { benchSeen: Record<string, number> };
    w.benchSeen = {};
    const note = (node: Node) => {
      if (!(node instanceof Element)) return;
      const items = node.matches('[data-author="customer"]')
        ? [node]
        : Array.from(node.querySelectorAll('[data-author="customer"]'));
      for (const item of items) {
        const text = item.querySelector('.ws-message-text')?.textContent ?? '';
        if (text.startsWith(prefix) && !(text in w.benchSeen))
          w.benchSeen[text] = performance.timeOrigin + performance.now();
      }
    };
    new MutationObserver((records) => {
      for (const record of records) record.addedNodes.forEach(note);
    }).observe(document.body, { childList: true, subtree: true });
  }, marker);

  const socket = new DeskSocket(platform.url('agent-desk'), token);
  const socketSeen = new Map<string, number>();
  socket.socket.on('message', (event: { text?: string }) => {
    const text = event.text ?? '';
    if (text.startsWith(marker) && !socketSeen.has(text)) socketSeen.set(text, epochNow());
  });
  try {
    await socket.ready();
    await socket.watch(conversationId);
    const sentAt = new Map<string, number>();
    const posts: Promise<unknown>[] = [];
    const interval = 1000 / RATE;
    const started = performance.now();
    let maxSendLagMs = 0;
    for (let i = 0; i < MESSAGES; i++) {
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      maxSendLagMs = Math.max(maxSendLagMs, performance.now() - due);
      const text = `${marker} message ${i + 1}`;
      sentAt.set(text, epochNow());
      posts.push(platform.customerSays(customerId, text));
    }
    await Promise.all(posts);
    const pageSeen = await eventually(
      async () => {
        const seen = await page.evaluate(
          () => (window as unknown as { benchSeen: Record<string, number> }).benchSeen,
        );
        if (Object.keys(seen).length < MESSAGES || socketSeen.size < MESSAGES)
          throw new Error('not all messages seen yet');
        return seen;
      },
      { timeoutMs: WAIT_MS, intervalMs: 250 },
    ).catch(() =>
      page.evaluate(() => (window as unknown as { benchSeen: Record<string, number> }).benchSeen),
    );
    const latencies = (seen: (text: string) => number | undefined) =>
      [...sentAt].flatMap(([text, at]) => {
        const value = seen(text);
        return value === undefined ? [] : [value - at];
      });
    const pageLatency = latencies((text) => pageSeen[text]);
    const socketLatency = latencies((text) => socketSeen.get(text));
    return {
      page: pageLatency,
      socket: socketLatency,
      pageMissing: MESSAGES - pageLatency.length,
      socketMissing: MESSAGES - socketLatency.length,
      added: [...sentAt.keys()].flatMap((text) => {
        const inPage = pageSeen[text];
        const onSocket = socketSeen.get(text);
        return inPage === undefined || onSocket === undefined ? [] : [inPage - onSocket];
      }),
      maxSendLagMs,
    };
  } finally {
    socket.close();
  }
}

/** Waits until the bot has said nothing new about the conversation for `quietMs` (bounded). */
async function botSettled(platform: PlatformUnderTest, conversationId: string): Promise<number> {
  const count = () =>
    platform.eventsOf('bot.replied', conversationId).length +
    platform.eventsOf('bot.deferred', conversationId).length;
  const quietMs = 3_000;
  const until = Date.now() + 90_000;
  let last = -1;
  let since = Date.now();
  while (Date.now() < until) {
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) break;
    await sleep(250);
  }
  return last;
}

interface LongTranscript {
  messages: number;
  customerMessages: number;
  botEvents: number;
  page: number[];
  fetch: number[];
  fetchBytes: number;
}

async function longTranscript(
  platform: PlatformUnderTest,
  page: Page,
  agentEmail: string,
): Promise<LongTranscript> {
  const customerId = uniqueId('long-');
  const posting = performance.now();
  const first = await platform.customerSays(customerId, 'Hello, a question about my order 1');
  const { conversationId } = (await first.json()) as { conversationId: string };
  for (let i = 2; i <= TRANSCRIPT; i++) {
    const response = await platform.customerSays(
      customerId,
      `Hello, a question about my order ${i}`,
    );
    if (response.status !== 202) throw new Error(`webhook answered ${response.status}`);
  }
  console.log(`  ${TRANSCRIPT} posted in ${((performance.now() - posting) / 1000).toFixed(1)} s`);
  const botEvents = await botSettled(platform, conversationId);
  console.log(`  the bot settled after ${((performance.now() - posting) / 1000).toFixed(1)} s`);
  const asked = await escalated(platform, customerId);
  if (asked !== conversationId)
    throw new Error('the request for a person opened another conversation');
  const { token } = await platform.agentTakes(agentEmail, conversationId);
  const { body: view } = await platform.call<{
    messages: { id: string; role: string }[];
  }>('agent-desk', 'GET', `/v1/conversations/${conversationId}`, token);
  const lastId = view.messages.at(-1)!.id;
  const desk = platform.url('agent-desk');

  const result: LongTranscript = {
    messages: view.messages.length,
    customerMessages: view.messages.filter((message) => message.role === 'customer').length,
    botEvents,
    page: [],
    fetch: [],
    fetchBytes: 0,
  };
  for (let i = 0; i < REPEATS; i++) {
    await page.goto(`${desk}/console/#/workspace`);
    const row = page.locator(`a[data-conversation-id="${conversationId}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    await page.waitForFunction(() => !document.querySelector('.ws-transcript'), undefined, {
      timeout: WAIT_MS,
    });
    await armClick(page);
    await row.click();
    const shown = (await (
      await page.waitForFunction(
        (id) => {
          const last = document.querySelector(`[data-message-id="${id}"]`);
          if (!last) return false;
          const box = last.getBoundingClientRect();
          return box.height > 0 && box.top < innerHeight && box.bottom > 0
            ? performance.now()
            : false;
        },
        lastId,
        { polling: 'raf', timeout: WAIT_MS },
      )
    ).jsonValue()) as number;
    const clickedAt = await page.evaluate(
      () => (window as unknown as { benchClickAt: number }).benchClickAt,
    );
    result.page.push(shown - clickedAt);

    const fetched = await page.evaluate(async (id) => {
      const session = JSON.parse(localStorage.getItem('tandem.console.session') ?? '{}') as {
        accessToken?: string;
      };
      const t0 = performance.now();
      const response = await fetch(`/v1/conversations/${id}`, {
        headers: { authorization: `Bearer ${session.accessToken}` },
      });
      const body = (await response.json()) as { messages: unknown[] };
      return {
        ms: performance.now() - t0,
        ok: body.messages.length > 0,
        bytes: JSON.stringify(body).length,
      };
    }, conversationId);
    if (fetched.ok) result.fetch.push(fetched.ms);
    result.fetchBytes = fetched.bytes;
  }
  return result;
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `console bench, ${new Date().toISOString()}: ${availableParallelism()} CPUs (${cpu}), ` +
      `${(totalmem() / 2 ** 20).toFixed(0)} MB, Node ${process.version}; load average ${loadAverage()}`,
  );

  const sizes = [...sizeRows(), ...(await reactRows())];
  console.log('');
  console.log(grid('Bundles (KiB)', ['raw', 'gzip'], sizes));
  console.log(
    `React+ReactDOM: node_modules/${REACT_FILES.join(', ')}; gzip is node:zlib's default level`,
  );

  const platform = new PlatformUnderTest({ LOG_LEVEL: 'warn' });
  let closeBrowser: () => Promise<void> = async () => undefined;
  try {
    console.log('');
    await timed('starting the five apps', () => platform.start());
    const launched = await launchBrowser();
    closeBrowser = launched.close;
    const browser = launched.browser;
    console.log(`browser ${browser.version()}`);

    const cold = await timed(`cold loads: ${LOADS} fresh contexts each`, () =>
      coldLoads(browser, platform),
    );
    const loadCold = loadAverage();

    const liveStarted = performance.now();
    console.log(`live messages: ${MESSAGES} at ${RATE}/s… (load average ${loadAverage()})`);
    const liveCustomer = uniqueId('live-');
    const liveId = await escalated(platform, liveCustomer);
    const { token } = await platform.agentTakes('alice@demo.test', liveId);
    const alice = await consoleOf(browser, platform, 'alice@demo.test');
    await alice.goto(`${platform.url('agent-desk')}/console/#/workspace/c/${liveId}`);
    await alice
      .locator('[data-author="customer"]')
      .filter({ hasText: 'I want to talk to a person' })
      .first()
      .waitFor({ timeout: WAIT_MS });
    const live = await liveMessages(platform, alice, token, liveId, liveCustomer);
    const loadLive = loadAverage();
    console.log(`  ${((performance.now() - liveStarted) / 1000).toFixed(1)} s`);
    const resolved = await platform.call(
      'agent-desk',
      'POST',
      `/v1/conversations/${liveId}/resolve`,
      token,
      { wrapUpCode: 'done', note: 'Benchmark.' },
    );
    if (resolved.status !== 200) console.log(`  (resolve answered ${resolved.status})`);

    const long = await timed(
      `long transcript: ${TRANSCRIPT} customer messages, then a person`,
      () => longTranscript(platform, alice, 'alice@demo.test'),
    );
    const loadLong = loadAverage();

    const columns = ['count', 'missing', 'p50', 'p99', 'max'];
    console.log('');
    console.log(
      grid(`Cold load, ${LOADS} fresh browser contexts (ms, the page's clock)`, columns, [
        latencyRow('static file: nav → loaded', cold.staticFile),
        latencyRow('console: nav → form usable', cold.form),
        latencyRow('sign-in API calls, fetch()', cold.api),
        latencyRow('console: click → workspace', cold.workspace),
      ]),
    );
    console.log(
      `static file: GET /console/settings.json; API calls: POST /v1/auth/login, then GET ` +
        `/v1/conversations, /v1/offers, /v1/agents/me at once; load average after ${loadCold}`,
    );
    console.log('');
    console.log(
      grid(
        `Live: ${MESSAGES} customer messages at ${RATE}/s, before the webhook POST → seen (ms)`,
        columns,
        [
          latencyRow('bare desk socket (watch)', live.socket, live.socketMissing),
          latencyRow('console page (in the DOM)', live.page, live.pageMissing),
          latencyRow('page − socket, per message', live.added),
        ],
      ),
    );
    console.log(`max send lag ${live.maxSendLagMs.toFixed(1)} ms; load average after ${loadLive}`);
    console.log('');
    console.log(
      grid(
        `Long transcript: ${long.messages} messages in the view, ${REPEATS} opens (ms)`,
        columns,
        [
          latencyRow('view JSON by fetch()', long.fetch, REPEATS - long.fetch.length),
          latencyRow('click → last msg in view', long.page),
        ],
      ),
    );
    console.log(
      `view: ${long.messages} messages (${long.customerMessages} from the customer, ` +
        `${long.botEvents} bot answers or deferrals), ${kb(long.fetchBytes)} KiB of JSON; ` +
        `load average after ${loadLong}`,
    );
  } finally {
    await closeBrowser();
    console.log(`logs of the apps: ${platform.logDir}`);
    await platform.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
