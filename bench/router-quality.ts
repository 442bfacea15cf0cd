import { evaluatePolicy } from '../apps/router/test-data/evaluate-scripted';
import { SCRIPTED_CONVERSATIONS } from '../apps/router/test-data/scripted-conversations';
import { DEFAULT_POLICY, policyDocumentSchema } from '../apps/router/src/escalation/policy';
import { readFileSync } from 'node:fs';

/**
 * The router's escalation quality on the scripted conversations
 * (apps/router/test-data/scripted-conversations.ts): precision and recall of "hands over at
 * all" against a supervisor's call, and how many turns early or late it hands over.
 *   npm run build && node dist/bench/router-quality.js [--policy candidate.json] [--all]
 */
const option = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const file = option('--policy');
const policy = file
  ? { ...policyDocumentSchema.parse(JSON.parse(readFileSync(file, 'utf8'))), version: 0 }
  : DEFAULT_POLICY;
const report = evaluatePolicy(SCRIPTED_CONVERSATIONS, policy);

console.log(`policy: ${file ?? 'default'} · ${report.conversations} conversations`);
console.log(
  `precision ${report.precision.toFixed(3)} · recall ${report.recall.toFixed(3)} ` +
    `(TP ${report.truePositives}, FP ${report.falsePositives}, FN ${report.falseNegatives}, TN ${report.trueNegatives})`,
);
console.log(
  `when both hand over: ${report.onTime} on the supervisor's turn, ${report.early} early ` +
    `(mean ${report.meanTurnsEarly.toFixed(2)} turns), ${report.late} late (mean ${report.meanTurnsLate.toFixed(2)} turns)`,
);
for (const outcome of report.outcomes) {
  const wrong = outcome.expected !== outcome.actual;
  if (!wrong && !process.argv.includes('--all')) continue;
  console.log(
    `${wrong ? '✗' : '✓'} ${outcome.id}: supervisor ${outcome.expected ?? 'never'}, router ${outcome.actual ?? 'never'} ${outcome.reasons.join(',')}`,
  );
}
