import { escalationReasonCodeSchema } from '@tandem/contracts';
import { ESCALATION_REASONS } from './codes';
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
});
