import { z } from 'zod';

/** `POST /v1/conversations/{id}/notes`. */
export const createNoteSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .describe('For the desk only: never sent to the customer'),
});
export type CreateNoteBody = z.infer<typeof createNoteSchema>;

export const noteViewSchema = z.object({
  id: z.uuid(),
  authorId: z.string(),
  authorName: z.string(),
  text: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
});
export type NoteView = z.infer<typeof noteViewSchema>;

/** `GET /v1/conversations/{id}/notes`: oldest first. */
export const noteListSchema = z.object({ notes: z.array(noteViewSchema) });
