import { DEFAULT_DESK_SETTINGS, deskSettingsSchema } from './desk-settings';

describe('desk settings', () => {
  it('an empty document is the complete default configuration', () => {
    expect(deskSettingsSchema.parse({})).toEqual({
      reopenWindowSeconds: 86_400,
      preferAgentSeconds: 60,
      busyStates: ['lunch', 'break', 'training', 'meeting'],
      presenceGraceSeconds: 30,
      abandonAfterSeconds: 3_600,
      shiftEndGraceMinutes: 15,
      surveys: { csat: true, nps: false },
      review: { sampleRate: 0.05, lowConfidenceBelow: 0.75 },
    });
    expect(DEFAULT_DESK_SETTINGS.reopenWindowSeconds).toBe(86_400);
  });

  it('a partial nested document keeps the defaults of what it leaves out', () => {
    expect(deskSettingsSchema.parse({ surveys: { nps: true } }).surveys).toEqual({
      csat: true,
      nps: true,
    });
  });

  it.each([
    ['an unknown field', { reopenWindow: 10 }],
    ['a negative window', { reopenWindowSeconds: -1 }],
    ['duplicate busy states', { busyStates: ['lunch', 'lunch'] }],
    ['a sample rate above 1', { review: { sampleRate: 2 } }],
    ['a negative shift-end grace', { shiftEndGraceMinutes: -1 }],
  ])('refuses %s', (_case, document) => {
    expect(deskSettingsSchema.safeParse(document).success).toBe(false);
  });
});
