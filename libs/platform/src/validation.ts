import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ProblemException } from './problem';

/** Parses a value with its schema or answers 400 problem+json listing every issue. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  code = 'REQUEST.INVALID_BODY',
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ProblemException(400, code, 'The request does not match its schema.', {
      errors: result.error.issues.map((issue) => ({
        path: issue.path.join('.') || '(root)',
        message: issue.message,
      })),
    });
  }
  return result.data;
}

/** `@Body(new ZodPipe(schema))`: validated, typed bodies at the edge. */
@Injectable()
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly code = 'REQUEST.INVALID_BODY',
  ) {}

  transform(value: unknown): z.infer<S> {
    return parseOrThrow(this.schema, value, this.code);
  }
}
