import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, Roles, ZodPipe } from '@tandem/platform';
import { createNoteSchema, type CreateNoteBody, type NoteView } from './note.schemas';
import { NotesService } from './notes.service';

/** Internal notes on a conversation (its agent and supervisors; never sent to the customer). */
@Controller('v1/conversations/:id/notes')
@Roles('agent')
export class NotesController {
  constructor(private readonly notes: NotesService) {}

  @Post()
  add(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(createNoteSchema, 'DESK.INVALID_NOTE')) body: CreateNoteBody,
  ): Promise<NoteView> {
    return this.notes.add(principal, id, body.text);
  }

  @Get()
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
  ): Promise<{ notes: NoteView[] }> {
    return { notes: await this.notes.list(principal, id) };
  }
}
