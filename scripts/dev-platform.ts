// Runs the five apps from dist/ on free ports against the local stack, with their own
// database, topics and demo tenant, and prints where they are; Ctrl-C stops and cleans up.
// For working on the console beside a running `npm run start:all` (its ports stay free):
//   npm run build && node dist/scripts/dev-platform.js
import { DEMO_AGENTS, DEMO_PASSWORD } from './demo-data';
import { PlatformUnderTest } from './harness/platform';

async function main(): Promise<void> {
  const platform = new PlatformUnderTest({ LOG_LEVEL: 'warn' });
  await platform.start();
  const desk = platform.url('agent-desk');
  console.log(
    [
      '',
      `console      ${desk}/console/`,
      `demo page    ${platform.url('gateway')}/widget/demo.html?channel=${platform.webchatChannelId}`,
      `gateway      ${platform.url('gateway')}`,
      `knowledge    ${platform.url('knowledge')}`,
      `router       ${platform.url('router')}`,
      `bot          ${platform.url('bot')}`,
      `tenant       ${platform.tenantId}   password ${DEMO_PASSWORD}`,
      `logins       ${DEMO_AGENTS.map((agent) => `${agent.email} (${agent.role})`).join(' · ')}`,
      `channel      ${platform.channelId} (webhook, secret ${platform.secret})`,
      `logs         ${platform.logDir}`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    void platform.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
