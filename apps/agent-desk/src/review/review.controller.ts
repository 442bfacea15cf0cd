import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, parseOrThrow, Roles, ZodPipe } from '@tandem/platform';
import {
  reviewListQuerySchema,
  reviewVerdictSchema,
  type ReviewItemView,
  type ReviewList,
  type ReviewVerdictBody,
} from './review.schemas';
import { ReviewService } from './review.service';

/** The review queue of the bot's answers, for supervisors of the tenant. */
@Controller('v1/reviews')
@Roles('supervisor')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<ReviewList> {
    return this.review.list(
      principal.tenantId,
      parseOrThrow(reviewListQuerySchema, query, 'DESK.INVALID_REVIEW_QUERY'),
    );
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<ReviewItemView> {
    return this.review.get(principal.tenantId, id);
  }

  @Post(':id/verdict')
  @HttpCode(200)
  verdict(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodPipe(reviewVerdictSchema, 'DESK.INVALID_VERDICT')) body: ReviewVerdictBody,
  ): Promise<ReviewItemView> {
    return this.review.judge(principal, id, body);
  }
}
