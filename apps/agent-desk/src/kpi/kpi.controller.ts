import { Controller, Get, Query } from '@nestjs/common';
import type { Principal } from '@tandem/auth';
import { CurrentPrincipal, parseOrThrow, Roles } from '@tandem/platform';
import { kpiQuerySchema, type KpiResponse } from './kpi.schemas';
import { KpiService } from './kpi.service';

/** The tenant's KPIs from the log's projection (docs/desk/kpis.md), for supervisors. */
@Controller('v1/kpis')
export class KpiController {
  constructor(private readonly kpis: KpiService) {}

  @Get()
  @Roles('supervisor')
  figures(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<KpiResponse> {
    return this.kpis.figures(
      principal.tenantId,
      parseOrThrow(kpiQuerySchema, query, 'DESK.INVALID_KPI_QUERY'),
    );
  }
}
