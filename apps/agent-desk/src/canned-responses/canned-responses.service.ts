import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { ProblemException } from '@tandem/platform';
import { DeskConversation } from '../conversations/desk-conversation.entity';
import { maySee } from '../conversations/monitor.service';
import { CannedResponse } from './canned-response.entity';
import type {
  CannedResponseBody,
  CannedResponseView,
  RenderedResponse,
} from './canned-response.schemas';
import { renderTemplate } from './render-template';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toView(response: CannedResponse): CannedResponseView {
  return {
    id: response.id,
    shortcut: response.shortcut,
    title: response.title,
    text: response.text,
    language: response.language,
    updatedBy: response.updatedBy,
    updatedAt: response.updatedAt.toISOString(),
  };
}

/** A tenant's canned responses: supervisors write them, agents read and render them. */
@Injectable()
export class CannedResponsesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(
    principal: Principal,
    query: { language?: string | undefined; q?: string | undefined },
  ): Promise<CannedResponseView[]> {
    const builder = this.dataSource
      .getRepository(CannedResponse)
      .createQueryBuilder('r')
      .where('r.tenant_id = :tenantId', { tenantId: principal.tenantId });
    if (query.language) builder.andWhere('r.language = :language', { language: query.language });
    if (query.q) {
      builder.andWhere("(r.shortcut ILIKE :q ESCAPE '\\' OR r.title ILIKE :q ESCAPE '\\')", {
        q: `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      });
    }
    const rows = await builder.orderBy('r.shortcut').addOrderBy('r.language').getMany();
    return rows.map(toView);
  }

  async get(principal: Principal, id: string): Promise<CannedResponseView> {
    return toView(await this.find(principal, id));
  }

  async create(principal: Principal, body: CannedResponseBody): Promise<CannedResponseView> {
    const row = this.dataSource.getRepository(CannedResponse).create({
      id: randomUUID(),
      tenantId: principal.tenantId,
      ...body,
      updatedBy: principal.subject,
      updatedAt: new Date(),
    });
    await this.saveUnique(row);
    return toView(row);
  }

  async update(
    principal: Principal,
    id: string,
    body: CannedResponseBody,
  ): Promise<CannedResponseView> {
    const row = await this.find(principal, id);
    Object.assign(row, body, { updatedBy: principal.subject, updatedAt: new Date() });
    await this.saveUnique(row);
    return toView(row);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const row = await this.find(principal, id);
    await this.dataSource.getRepository(CannedResponse).delete({ id: row.id });
  }

  /** The text as it would go to this conversation's customer, placeholders filled. */
  async render(
    principal: Principal,
    id: string,
    conversationId: string,
  ): Promise<RenderedResponse> {
    const response = await this.find(principal, id);
    const conversation = await this.dataSource
      .getRepository(DeskConversation)
      .findOneBy({ id: conversationId, tenantId: principal.tenantId });
    if (!conversation || !maySee(principal, conversation)) {
      throw new ProblemException(
        404,
        'DESK.CONVERSATION_NOT_FOUND',
        `No conversation ${conversationId} for you.`,
      );
    }
    const customer = conversation.handoff.customer ?? null;
    const rendered = renderTemplate(response.text, {
      'customer.name': customer?.displayName ?? null,
      'customer.tier': customer?.tier ?? null,
      'agent.name': principal.kind === 'user' ? (principal.name ?? null) : null,
    });
    return { id, conversationId, ...rendered };
  }

  private async find(principal: Principal, id: string): Promise<CannedResponse> {
    const row = UUID.test(id)
      ? await this.dataSource
          .getRepository(CannedResponse)
          .findOneBy({ id, tenantId: principal.tenantId })
      : null;
    if (!row)
      throw new ProblemException(
        404,
        'DESK.CANNED_RESPONSE_NOT_FOUND',
        `No canned response ${id}.`,
      );
    return row;
  }

  private async saveUnique(row: CannedResponse): Promise<void> {
    try {
      await this.dataSource.getRepository(CannedResponse).save(row);
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === '23505'
      ) {
        throw new ProblemException(
          409,
          'DESK.CANNED_RESPONSE_EXISTS',
          `The shortcut ${row.shortcut} already exists in ${row.language}.`,
        );
      }
      throw error;
    }
  }
}
