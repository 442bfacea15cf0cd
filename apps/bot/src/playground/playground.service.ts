import { Injectable } from '@nestjs/common';
import type { PlaygroundRequest, PlaygroundResponse } from '@tandem/contracts';
import { ModelUsageRepository } from '../answers/model-usage.repository';
import { Responder } from '../answers/responder';
import { PersonaService } from '../persona/persona.service';
import { CustomerProfiles } from '../customers/customer-profiles';
import { TopicsService } from '../topics/topics.service';

/**
 * What the bot would do with a question, exactly as the responder decides it for a customer
 * message in bot mode, without a conversation: nothing is stored but the tokens the model
 * spent, and no event is emitted.
 */
@Injectable()
export class PlaygroundService {
  constructor(
    private readonly responder: Responder,
    private readonly usage: ModelUsageRepository,
    private readonly personas: PersonaService,
    private readonly profiles: CustomerProfiles,
    private readonly topics: TopicsService,
  ) {}

  async ask(tenantId: string, request: PlaygroundRequest): Promise<PlaygroundResponse> {
    const decision = await this.responder.respond({
      tenantId,
      text: request.question,
      channel: request.channel,
      history: request.history,
      topics: await this.topics.of(tenantId),
      customer: request.customerId ? () => this.profiles.of(tenantId, request.customerId!) : null,
      persona: await this.personas.of(tenantId),
      firstReply: !(request.history ?? []).some((turn) => turn.role === 'bot'),
    });
    await this.usage.record(tenantId, decision.usage, new Date());
    const { choice } = decision;
    return {
      analysis: decision.analysis,
      decision: choice.kind,
      answer: choice.kind === 'answer' ? choice.text : null,
      reason: choice.kind === 'defer' ? choice.reason : null,
      confidence: decision.confidence,
      sources: decision.sources,
      provider: decision.provider,
      latencyMs: Math.round(decision.latencyMs),
      usage: decision.usage ?? null,
    };
  }
}
