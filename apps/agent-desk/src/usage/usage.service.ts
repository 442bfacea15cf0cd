import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from '@tandem/observability';
import { LOGGER } from '@tandem/platform';
import { checkRange } from '../kpi/kpi.service';
import { BotUsage } from './bot-usage';
import { sumModelTokens } from './model-tokens';
import type { UsageQuery, UsageResponse } from './usage.schemas';

/** Presences that hold a seat: signed in and working (busy is a custom state of online). */
const SEATED = ['online', 'busy'];

/**
 * A tenant's usage for billing (per seat or per interaction), from the KPI projection and
 * the bot's token counts. The bot being unreachable never fails the request: tokens are
 * then null with modelTokensAvailable false.
 */
@Injectable()
export class UsageService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bot: BotUsage,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async usage(tenantId: string, query: UsageQuery, now = new Date()): Promise<UsageResponse> {
    const { from, to } = query;
    checkRange(from, to, 'DESK.INVALID_USAGE_RANGE');
    const start = new Date(`${from}T00:00:00.000Z`);
    const end = new Date(Date.parse(`${to}T00:00:00.000Z`) + 86_400_000);
    // Seated intervals: from a change to online/busy until the agent's next change (or now).
    const intervals = `
      WITH changes AS (
        SELECT agent_id, presence, at,
               LEAD(at) OVER (PARTITION BY agent_id ORDER BY at, event_id) AS until
          FROM kpi_agent_presence WHERE tenant_id = $1),
      seated AS (
        SELECT agent_id, GREATEST(at, $2::timestamptz) AS s,
               LEAST(COALESCE(until, GREATEST($4::timestamptz, at)), $3::timestamptz) AS e
          FROM changes WHERE presence = ANY($5::text[]))`;
    const windowParams = [tenantId, start, end, now, SEATED];
    const [seats]: { seats: string }[] = await this.dataSource.query(
      `${intervals}
       SELECT count(DISTINCT agent_id) AS seats FROM (
         SELECT agent_id FROM seated WHERE s < e
         UNION
         SELECT agent_id FROM kpi_agent_days
          WHERE tenant_id = $1 AND day >= $2::date AND day < $3::date) active`,
      windowParams,
    );
    const [peak]: { peak: string | null }[] = await this.dataSource.query(
      `${intervals},
       starts AS (SELECT DISTINCT s FROM seated WHERE s < e)
       SELECT max(online) AS peak FROM (
         SELECT count(DISTINCT seated.agent_id) AS online
           FROM starts JOIN seated ON seated.s <= starts.s AND starts.s < seated.e
          GROUP BY starts.s) moments`,
      windowParams,
    );
    const [conversations]: { conversations: string; human: string }[] = await this.dataSource.query(
      `SELECT count(*) AS conversations, count(*) FILTER (WHERE assigned_at IS NOT NULL) AS human
         FROM kpi_conversations WHERE tenant_id = $1 AND day BETWEEN $2::date AND $3::date`,
      [tenantId, from, to],
    );
    const [answers]: { answers: string | null }[] = await this.dataSource.query(
      `SELECT sum(bot_answers) AS answers FROM kpi_usage_days
        WHERE tenant_id = $1 AND day BETWEEN $2::date AND $3::date`,
      [tenantId, from, to],
    );
    const tokens = await this.bot.model(tenantId, from, to).then(
      (model) => ({ modelTokens: sumModelTokens(model.days), problem: null }),
      (error: unknown) => {
        const problem = error instanceof Error ? error.message : String(error);
        this.logger.warn({ err: error }, 'the bot could not be asked for its token usage');
        return { modelTokens: null, problem };
      },
    );
    return {
      from,
      to,
      activeSeats: Number(seats?.seats ?? 0),
      peakConcurrentOnline: Number(peak?.peak ?? 0),
      conversations: Number(conversations?.conversations ?? 0),
      humanHandledConversations: Number(conversations?.human ?? 0),
      botAnswers: Number(answers?.answers ?? 0),
      modelTokens: tokens.modelTokens,
      modelTokensAvailable: tokens.modelTokens !== null,
      modelTokensProblem: tokens.problem,
    };
  }
}
