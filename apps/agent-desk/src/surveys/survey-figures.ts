import type { DeskSettings } from '../settings/desk-settings';
import type { SurveyKind } from './survey.entity';

/** Which survey a tenant asks after a person resolved: NPS replaces CSAT when set; none when both are off. */
export function surveyKindFor(settings: DeskSettings['surveys']): SurveyKind | null {
  if (settings.nps) return 'nps';
  if (settings.csat) return 'csat';
  return null;
}

export interface SurveyFigures {
  csat: {
    count: number;
    /** Mean of the 1–5 scores, two decimals; null without answers. */
    average: number | null;
    /** Share of 4s and 5s (the usual "CSAT %"), 0..1, two decimals; null without answers. */
    satisfiedShare: number | null;
  };
  nps: {
    count: number;
    promoters: number;
    passives: number;
    detractors: number;
    /** % promoters (9–10) − % detractors (0–6), −100..100; null without answers. */
    score: number | null;
  };
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * The figures of a set of answers. NPS follows Reichheld's definition (HBR, "The One Number
 * You Need to Grow", 2003): promoters answer 9–10, detractors 0–6, the score is the
 * difference of their shares in percent.
 */
export function surveyFigures(
  answers: readonly { kind: SurveyKind; score: number }[],
): SurveyFigures {
  const csat = answers.filter((answer) => answer.kind === 'csat').map((answer) => answer.score);
  const nps = answers.filter((answer) => answer.kind === 'nps').map((answer) => answer.score);
  const promoters = nps.filter((score) => score >= 9).length;
  const detractors = nps.filter((score) => score <= 6).length;
  return {
    csat: {
      count: csat.length,
      average:
        csat.length === 0
          ? null
          : round2(csat.reduce((sum, score) => sum + score, 0) / csat.length),
      satisfiedShare:
        csat.length === 0 ? null : round2(csat.filter((score) => score >= 4).length / csat.length),
    },
    nps: {
      count: nps.length,
      promoters,
      passives: nps.length - promoters - detractors,
      detractors,
      score: nps.length === 0 ? null : Math.round(((promoters - detractors) / nps.length) * 100),
    },
  };
}
