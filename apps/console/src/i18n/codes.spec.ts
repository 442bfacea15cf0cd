import { botDeferralReasonSchema, escalationReasonCodeSchema } from '@tandem/contracts';
import { BOT_DEFERRAL_REASONS, ESCALATION_REASONS } from './codes';
import { dictionaries } from './messages';

describe('the codes the console words', () => {
  it('knows every escalation reason the router can give', () => {
    expect([...ESCALATION_REASONS].sort()).toEqual([...escalationReasonCodeSchema.options].sort());
  });

  it('words each reason in both languages, in the workspace and the supervisor’s view', () => {
    for (const language of ['en', 'zh'] as const)
      for (const code of ESCALATION_REASONS)
        for (const key of [`workspace.reason.${code}`, `supervisor.reason.${code}`])
          expect({ key, language, worded: !!dictionaries[language][key] }).toEqual({
            key,
            language,
            worded: true,
          });
  });

  it('knows and words every reason the bot can defer for (the playground shows it)', () => {
    expect([...BOT_DEFERRAL_REASONS].sort()).toEqual([...botDeferralReasonSchema.options].sort());
    for (const language of ['en', 'zh'] as const)
      for (const code of BOT_DEFERRAL_REASONS)
        expect({
          code,
          language,
          worded: !!dictionaries[language][`knowledge.reason.${code}`],
        }).toEqual({
          code,
          language,
          worded: true,
        });
  });
});
