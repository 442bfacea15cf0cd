import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@tandem/auth';
import { ProblemException } from '@tandem/platform';
import { DeskConversation } from '../conversations/desk-conversation.entity';
import { DeskNote } from './note.entity';
import type { NoteView } from './note.schemas';

export function toNoteView(note: DeskNote): NoteView {
  return {
    id: note.id,
    authorId: note.authorId,
    authorName: note.authorName,
    text: note.text,
    createdAt: note.createdAt.toISOString(),
  };
}

/**
 * Internal notes: written by whoever may see the conversation (its agent, a supervisor),
 * read in the view and by the next agent after a transfer. No event carries them, so they
 * never reach the customer or the knowledge service.
 */
@Injectable()
export class NotesService {
  constructor(private readonly dataSource: DataSource) {}

  async add(principal: Principal, conversationId: string, text: string): Promise<NoteView> {
    await this.visible(principal, conversationId);
    const note = await this.dataSource.getRepository(DeskNote).save({
      id: randomUUID(),
      tenantId: principal.tenantId,
      conversationId,
      authorId: principal.subject,
      authorName: principal.name ?? principal.subject,
      text,
      createdAt: new Date(),
    });
    return toNoteView(note);
  }

  async list(principal: Principal, conversationId: string): Promise<NoteView[]> {
    await this.visible(principal, conversationId);
    const notes = await this.dataSource.getRepository(DeskNote).find({
      where: { tenantId: principal.tenantId, conversationId },
      order: { createdAt: 'ASC' },
    });
    return notes.map(toNoteView);
  }

  private async visible(principal: Principal, conversationId: string): Promise<void> {
    const conversation = await this.dataSource
      .getRepository(DeskConversation)
      .findOneBy({ id: conversationId, tenantId: principal.tenantId });
    if (!conversation || (principal.role === 'agent' && conversation.agentId !== principal.subject))
      throw new ProblemException(
        404,
        'DESK.CONVERSATION_NOT_FOUND',
        `No conversation ${conversationId} for you.`,
      );
  }
}
